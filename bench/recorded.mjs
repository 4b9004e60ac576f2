// Benchmark: load shapes from reality. A recorded rate series (Grafana CSV) and a request trace
// (Mooncake JSONL) drive the native engine against the loopback server; the figures say how
// close the arrivals came to the plan, like the constant-rate benchmark's.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { round, runLoad, startLoopbackServer } from './harness.mjs';

/** Ten recorded minutes, a point every 30 s: a morning ramp with a dip, 200–1,200 rps. */
function seriesPoints() {
  return Array.from({ length: 21 }, (_, index) => {
    const rps = Math.round(200 + 1000 * Math.sin((Math.PI * index) / 20) ** 2 - (index === 12 ? 300 : 0));
    return [index * 30, rps];
  });
}

/** Planned arrivals of a piecewise-linear series over [0, seconds] of the replay (trapezoids). */
function plannedArrivals(points, speedup, seconds) {
  let total = 0;
  for (let k = 1; k < points.length; k++) {
    const [t0, r0] = points[k - 1];
    const [t1, r1] = points[k];
    const [from, to] = [t0 / speedup, Math.min(t1 / speedup, seconds)];
    if (to <= from) break;
    const rateAt = (t) => r0 + ((r1 - r0) * (t * speedup - t0)) / (t1 - t0);
    total += ((rateAt(from) + rateAt(to)) / 2) * (to - from);
  }
  return total;
}

/** A trace of `seconds` at about `rps`, arrivals bunched like real traffic (gamma-ish gaps). */
function traceRows(seconds, rps) {
  let state = 7;
  const next = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 4294967296;
  const rows = [];
  for (let t = 0; t < seconds * 1000;) {
    rows.push({ timestamp: Math.round(t * 1000) / 1000, input_length: 8, output_length: 1 });
    t += (-Math.log(1 - next()) * 1000) / rps;
  }
  return rows;
}

export async function recordedBenchmark({ seconds = 20 } = {}) {
  const folder = mkdtempSync(join(tmpdir(), 'greenlight-bench-recorded-'));
  const server = await startLoopbackServer();
  const results = [];
  try {
    const points = seriesPoints();
    const speedup = 600 / seconds;
    writeFileSync(
      join(folder, 'series.csv'),
      `"Time","rps"\r\n${points.map(([t, rps]) => `${1772442000000 + t * 1000},${rps}`).join('\r\n')}\r\n`,
    );
    writeFileSync(join(folder, 'series.json'), JSON.stringify({ kind: 'series', file: 'series.csv', speedup }));
    const rows = traceRows(seconds, 800).filter((row) => row.timestamp < seconds * 1000);
    writeFileSync(join(folder, 'trace.jsonl'), `${rows.map((row) => JSON.stringify(row)).join('\n')}\n`);
    writeFileSync(join(folder, 'trace.json'), JSON.stringify({ kind: 'trace', file: 'trace.jsonl' }));

    const shapes = [
      { shape: 'series', profile: 'series.json', planned: plannedArrivals(points, speedup, seconds) },
      { shape: 'trace', profile: 'trace.json', planned: rows.length },
    ];
    for (const { shape, profile, planned } of shapes) {
      const { load } = await runLoad(
        ['--url', server.url, '--profile', join(folder, profile), '--duration', `${seconds}s`, '--kind', 'chat'],
        { limitMs: (seconds + 60) * 1000 },
      );
      const made = load.requests + load.droppedIterations;
      results.push({
        shape,
        planned: Math.round(planned),
        made,
        madeOverPlanned: round(made / planned),
        completed: load.requests,
        droppedIterations: load.droppedIterations,
        errors: load.errors,
        targetRps: load.targetRps,
        achievedRps: load.achievedRps,
        scheduleLagMs: { p50: load.scheduleLagMs.p50, p99: load.scheduleLagMs.p99, max: load.scheduleLagMs.max },
      });
    }
  } finally {
    await server.stop();
    rmSync(folder, { recursive: true, force: true });
  }
  return { benchmark: 'recorded', seconds, results };
}
