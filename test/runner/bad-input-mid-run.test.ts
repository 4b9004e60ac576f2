import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exitFor } from '../../src/cli/exit-codes.js';
import { InputError } from '../../src/errors.js';
import { validateExperiment } from '../../src/experiment/validate.js';
import type { JournalEvent } from '../../src/journal/events.js';
import { runExperiment } from '../../src/runner/run.js';

/**
 * Bad input that only shows once the run is under way: a library caller hands runExperiment an
 * experiment whose dataset does not exist (the CLI checks referenced files before it starts; a
 * library caller need not). On the real embedded stack: the run stops, reverts, writes a partial
 * report, and the failure maps to exit 2.
 */
const folder = mkdtempSync(join(tmpdir(), 'greenlight-bad-input-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('bad input discovered during a run', () => {
  it('ends the run with a partial report, nothing left behind, and exit 2', async () => {
    const experiment = validateExperiment(
      {
        name: 'missing-dataset',
        load: {
          profile: { kind: 'constant', rate: 4 },
          workload: { mix: [{ request: { kind: 'chat', dataset: join(folder, 'nope.jsonl') } }] },
        },
        phases: [
          { name: 'baseline', duration: '2s' },
          { name: 'fault', duration: '3s' },
        ],
        faults: [{ name: 'slow', kind: 'latency', target: 'green', during: 'fault', latency: 50 }],
      },
      'test',
    );
    const outcome = await runExperiment({ experiment, source: 'test', outDir: folder });
    expect(outcome.failure).toBeInstanceOf(InputError);
    expect(outcome.failure!.message).toContain('nope.jsonl: cannot read it');
    expect(exitFor(outcome.failure).code).toBe(2);
    expect(outcome.summary.verdict).toBe('fail');
    expect(outcome.summary.endReason).toBe('error');
    expect(existsSync(outcome.files.html)).toBe(true);
    const events = readFileSync(join(outcome.runDir, 'journal.ndjson'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as JournalEvent);
    expect(events.some((event) => event.type === 'fault.applied')).toBe(false);
    expect(events.at(-1)).toMatchObject({ type: 'run.ended', reason: 'error' });
    expect(outcome.summary.cleanup).toEqual({ clean: true, leftovers: [] });
  });
});
