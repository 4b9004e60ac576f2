import { appendFileSync, chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { BucketEvent, JournalEvent } from '../../../../src/journal/events.js';
import { K6Engine, k6ResultsPath, k6RunArguments, shellCommand } from '../../../../src/load/engines/k6/index.js';
import { planFor } from '../native/plan.js';

/**
 * FAKE k6 for greenlight's tests, not k6 (no k6 binary can be installed here): each process
 * logs the arguments it was given and writes the hand-written fixture of k6's documented
 * `--out json` format (fixtures/hand-written-k6-output.ndjson, not real k6 output) to its
 * --out file, re-timed to now. It sends no traffic.
 */
const FIXTURE = join(import.meta.dirname, 'fixtures', 'hand-written-k6-output.ndjson');
const FIXTURE_T0 = Date.UTC(2026, 10, 25, 9, 0, 0);
const folder = mkdtempSync(join(tmpdir(), 'greenlight-k6-instances-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function fakeK6(log: string): string {
  const path = join(folder, 'fake-k6');
  writeFileSync(
    path,
    `#!${process.execPath}
// FAKE k6 for greenlight's tests: not k6.
const fs = require('node:fs');
const args = process.argv.slice(2);
fs.appendFileSync(${JSON.stringify(log)}, JSON.stringify(args) + '\\n');
const out = args[args.indexOf('--out') + 1].replace(/^json=/, '');
const shift = Date.now() - ${FIXTURE_T0};
for (const line of fs.readFileSync(${JSON.stringify(FIXTURE)}, 'utf8').split('\\n')) {
  if (line.trim() === '') continue;
  const entry = JSON.parse(line);
  if (entry.type === 'Point') entry.data.time = new Date(Date.parse(entry.data.time) + shift).toISOString();
  fs.appendFileSync(out, JSON.stringify(entry) + '\\n');
}
`,
  );
  chmodSync(path, 0o755);
  return path;
}

describe('k6 on several instances, one execution segment each', () => {
  it('writes each instance’s command line with its segment, the whole sequence and its own results file', () => {
    const runDir = '/runs/r1';
    const commands = [0, 1, 2].map((index) => {
      const segment = { index, count: 3 };
      return shellCommand('k6', k6RunArguments(`${runDir}/script.js`, k6ResultsPath(runDir, segment), segment));
    });
    expect(commands).toEqual([
      "k6 run --address '' --execution-segment 0:1/3 --execution-segment-sequence 0,1/3,2/3,1 --out json=/runs/r1/k6-results-0.ndjson /runs/r1/script.js",
      "k6 run --address '' --execution-segment 1/3:2/3 --execution-segment-sequence 0,1/3,2/3,1 --out json=/runs/r1/k6-results-1.ndjson /runs/r1/script.js",
      "k6 run --address '' --execution-segment 2/3:1 --execution-segment-sequence 0,1/3,2/3,1 --out json=/runs/r1/k6-results-2.ndjson /runs/r1/script.js",
    ]);
    // One instance is the whole test: no segment flags, the results file of a plain run.
    expect(k6RunArguments('s.js', k6ResultsPath(runDir, { index: 0, count: 1 }), { index: 0, count: 1 })).toEqual([
      'run',
      '--address',
      '',
      '--out',
      'json=/runs/r1/k6-results.ndjson',
      's.js',
    ]);
  });

  it('runs N k6 processes and merges their results into one bucket per colour and second', async () => {
    const runDir = mkdtempSync(join(folder, 'run-'));
    const log = join(folder, 'args.ndjson');
    appendFileSync(log, '');
    const engine = new K6Engine({
      binary: fakeK6(log),
      slos: [],
      phases: [{ name: 'main', duration: 2000 }],
      instances: 3,
    });
    const events: JournalEvent[] = [];
    await engine.run(
      { ...planFor('http://127.0.0.1:9', { profile: { kind: 'constant', rate: 6 } }, 2000), runDir },
      { append: (event) => events.push(event) },
      new AbortController().signal,
    );

    const started = readFileSync(log, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as string[]);
    expect(started.map((args) => args[args.indexOf('--execution-segment') + 1]).sort()).toEqual([
      '0:1/3',
      '1/3:2/3',
      '2/3:1',
    ]);
    expect(new Set(started.map((args) => args[args.indexOf('--out') + 1])).size).toBe(3);

    // The fixture holds 5 requests (2 failed) and 3 dropped arrivals; three instances wrote it each.
    const buckets = events.filter((e): e is BucketEvent => e.type === 'bucket');
    expect(buckets.reduce((sum, b) => sum + b.requests, 0)).toBe(15);
    expect(buckets.reduce((sum, b) => sum + b.errors, 0)).toBe(6);
    expect(buckets.reduce((sum, b) => sum + b.dropped, 0)).toBe(9);
    const keys = buckets.map((b) => `${b.t}/${b.colour}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(engine.progress()).toMatchObject({ completed: 15, errors: 6, dropped: 9, inFlight: 21 });
  });
});
