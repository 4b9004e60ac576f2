// `npm run bench [-- rate|closed|stream|workers|fidelity|memory|recorded|report24h] [--seconds N] [--minutes N] [--hours N]`: runs the benchmarks
// against the built CLI (npm run build first) and prints their figures as JSON.
import { parseArgs } from 'node:util';
import { closedBenchmark } from './closed.mjs';
import { fidelityBenchmark } from './fidelity.mjs';
import { memoryBenchmark } from './memory.mjs';
import { rateBenchmark } from './rate.mjs';
import { recordedBenchmark } from './recorded.mjs';
import { report24hBenchmark } from './report24h.mjs';
import { streamBenchmark } from './stream.mjs';
import { workersBenchmark } from './workers.mjs';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    seconds: { type: 'string' },
    minutes: { type: 'string' },
    hours: { type: 'string' },
    rates: { type: 'string' },
  },
});
const seconds = values.seconds === undefined ? undefined : Number(values.seconds);
const BENCHMARKS = {
  rate: () =>
    rateBenchmark({ ...(seconds && { seconds }), ...(values.rates && { rates: values.rates.split(',').map(Number) }) }),
  closed: () => closedBenchmark({ ...(seconds && { seconds }) }),
  stream: () => streamBenchmark({ ...(seconds && { seconds }) }),
  workers: () => workersBenchmark({ ...(seconds && { seconds }) }),
  fidelity: () => fidelityBenchmark({ ...(seconds && { seconds }) }),
  memory: () => memoryBenchmark({ ...(values.minutes && { minutes: Number(values.minutes) }) }),
  recorded: () => recordedBenchmark({ ...(seconds && { seconds }) }),
  report24h: () => report24hBenchmark({ ...(values.hours && { hours: Number(values.hours) }) }),
};
const chosen = positionals.length > 0 ? positionals : Object.keys(BENCHMARKS);
const unknown = chosen.filter((name) => !(name in BENCHMARKS));
if (unknown.length > 0) {
  process.stderr.write(
    `bench: unknown benchmark ${unknown.join(', ')}; expected ${Object.keys(BENCHMARKS).join(', ')}\n`,
  );
  process.exit(2);
}
const results = [];
for (const name of chosen) results.push(await BENCHMARKS[name]());
process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
