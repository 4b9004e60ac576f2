import { describe, expect, it } from 'vitest';
import { evaluateRun } from '../../src/evaluate/evaluate.js';
import { loadSchema } from '../../src/experiment/load-schema.js';
import { validateExperiment } from '../../src/experiment/validate.js';
import { NativeEngine } from '../../src/load/engines/native/native-engine.js';
import { startReferenceService } from '../../src/reference/service/index.js';
import { runExperiment } from '../../src/runner/run.js';
import { MemoryJournal } from '../load/helpers/journal.js';
import { baseExperiment, bucket, journal, routerState, steady } from '../support/journal-fixture.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Green failing `failures` requests a second during the fault phase (10–30 s), as `outcome`. */
function greenFailing(outcome: string, failures: number) {
  const green = [
    ...steady('green', 0, 10, 20),
    ...Array.from({ length: 20 }, (_, index) => {
      const second = bucket({ second: 10 + index, colour: 'green', requests: 20, errors: failures });
      return { ...second, outcomes: { '200': 20 - failures, [outcome]: failures } };
    }),
    ...steady('green', 30, 40, 20),
  ];
  return evaluateRun(journal(baseExperiment, [routerState(0, 50, 50), ...steady('blue', 0, 40, 20), ...green]));
}

describe('the blind spot', () => {
  it('counts failures inside 200 answers per colour and phase, and finds a status-code trigger blind', () => {
    const summary = greenFailing('stream-error', 4);
    const fault = summary.blindSpot!.figures.find((figure) => figure.colour === 'green' && figure.phase === 'fault')!;
    expect(fault).toMatchObject({ requests: 400, errors: 80, invisible: 80, invisibleShareOfErrors: 1 });
    expect(fault.invisibleRate).toBeCloseTo(0.2, 9);
    expect(fault.byOutcome).toEqual({ 'stream-error': 80 });
    expect(
      summary.blindSpot!.figures.find((figure) => figure.colour === 'blue' && figure.phase === 'fault'),
    ).toMatchObject({
      invisible: 0,
      invisibleRate: 0,
    });
    const [rule] = summary.blindSpot!.rules;
    expect(rule).toMatchObject({ rule: 'green errors', finding: 'blind', metOnStatusCodesAt: null });
    expect(rule!.metAt).not.toBeNull();
    expect(rule!.explanation).toMatch(/would not have fired/);
  });

  it('finds a status-code trigger sees failures that carry their status', () => {
    const [rule] = greenFailing('503', 4).blindSpot!.rules;
    expect(rule).toMatchObject({ finding: 'seen' });
    expect(rule!.metOnStatusCodesAt).toBe(rule!.metAt);
  });
});

describe('failures inside a 200 stream, as the native engine records them', () => {
  async function outcomesFrom(knobs: object, kind: 'chat' | 'ollama-generate'): Promise<Record<string, number>> {
    const service = await startReferenceService({
      colour: 'green',
      knobs: { prefillBaseMs: 1, prefillMsPerToken: 0, decodeMsPerToken: 2, ...knobs },
    });
    try {
      const load = loadSchema.parse({
        profile: { kind: 'constant', rate: 20 },
        workload: { mix: [{ request: { kind, stream: true, promptTokens: 8, maxTokens: 10 } }] },
      });
      const recorded = new MemoryJournal();
      const plan = { url: service.url, load, startAt: Date.now() + 100, durationMs: 1000, seed: 1 };
      await new NativeEngine().run(plan, recorded, new AbortController().signal);
      return recorded.outcomes();
    } finally {
      await service.close();
    }
  }

  it('an SSE error event mid-stream is a stream-error', async () => {
    expect(await outcomesFrom({ midStreamErrorRate: 1 }, 'chat')).toEqual({ 'stream-error': 20 });
  });

  it('an Ollama NDJSON error line mid-stream is a stream-error', async () => {
    expect(await outcomesFrom({ midStreamErrorRate: 1 }, 'ollama-generate')).toEqual({ 'stream-error': 20 });
  });

  it('a connection cut mid-stream is a stream-cut', async () => {
    expect(await outcomesFrom({ streamCutRate: 1 }, 'chat')).toEqual({ 'stream-cut': 20 });
  });
});

describe('a rollback the router could not see', () => {
  it('is missed by the reference controller, and the blind spot says why', async () => {
    const out = mkdtempSync(join(tmpdir(), 'greenlight-blind-'));
    try {
      const experiment = validateExperiment(
        {
          name: 'blind-spot',
          target: { kind: 'embedded', green: { midStreamErrorRate: 0.3 } },
          load: {
            profile: { kind: 'constant', rate: 20 },
            workload: { mix: [{ request: { kind: 'chat', stream: true, promptTokens: 50, maxTokens: 16 } }] },
          },
          phases: [{ name: 'steady', duration: '8s' }],
          rollback: {
            rules: [
              {
                name: 'green errors',
                colour: 'green',
                metric: 'error-rate',
                above: 0.05,
                window: '3s',
                minRequests: 10,
                switchTo: 'blue',
                within: '4s',
              },
            ],
          },
        },
        'test',
      );
      const { summary } = await runExperiment({ experiment, source: 'test', outDir: out });
      expect(summary.rollback.rules[0]).toMatchObject({ verdict: 'missed' });
      expect(summary.blindSpot!.rules[0]).toMatchObject({ finding: 'blind' });
      const green = summary.blindSpot!.figures.find((figure) => figure.colour === 'green')!;
      expect(green.invisible).toBe(green.errors);
      expect(green.invisibleRate!).toBeGreaterThan(0.15);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 60_000);
});
