// greenlight's closed loop against autocannon on the same one-worker nginx, same request body,
// same connections, run in the order greenlight, autocannon, autocannon, greenlight (ABBA) so
// neither gains from going first (a cold server) or last (a warmed one).
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { round, runLoad } from './harness.mjs';

const AUTOCANNON_CHILD = join(import.meta.dirname, 'autocannon-child.mjs');

/**
 * `url`: the base URL greenlight is given (its requests go to url + /v1/chat/completions);
 * `shape`: greenlight's request flags; `body`: the same request as autocannon sends it.
 * Returns each tool's runs (rps, errors, client CPU µs per request) and the ratio of the means.
 */
export async function versusAutocannon({ url, shape, body, connections, seconds }) {
  const ours = async () => {
    const result = await runLoad(
      ['--url', url, '--concurrency', String(connections), '--duration', `${seconds}s`, ...shape],
      { limitMs: (seconds + 60) * 1000 },
    );
    const { load } = result;
    return { rps: load.achievedRps, errors: load.errors, cpuUsPerRequest: load.client?.cpuPerRequestUs ?? null };
  };
  const theirs = async () => {
    const options = {
      url: `${url}/v1/chat/completions`,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
      connections,
      duration: seconds,
    };
    const { stdout } = await promisify(execFile)(process.execPath, [AUTOCANNON_CHILD, JSON.stringify(options)], {
      timeout: (seconds + 60) * 1000,
    });
    return JSON.parse(stdout);
  };
  const runs = { greenlight: [await ours()], autocannon: [await theirs(), await theirs()] };
  runs.greenlight.push(await ours());
  const greenlightRps = mean(runs.greenlight.map((run) => run.rps));
  const autocannonRps = mean(runs.autocannon.map((run) => run.rps));
  const summary = (list) => ({
    rps: round(mean(list.map((run) => run.rps)), 1),
    runs: list.map((run) => round(run.rps, 1)),
    errors: sum(list.map((run) => run.errors)),
    cpuUsPerRequest: list.map((run) => (run.cpuUsPerRequest === null ? null : round(run.cpuUsPerRequest, 1))),
  });
  return {
    connections,
    seconds,
    order: 'greenlight, autocannon, autocannon, greenlight',
    greenlight: summary(runs.greenlight),
    autocannon: summary(runs.autocannon),
    ratio: round(greenlightRps / autocannonRps, 3),
    runs,
  };
}

const sum = (values) => values.reduce((total, value) => total + value, 0);
const mean = (values) => sum(values) / values.length;
