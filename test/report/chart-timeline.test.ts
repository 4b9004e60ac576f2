import { describe, expect, it } from 'vitest';
import { buildChartTimeline } from '../../src/report/chart-timeline.js';
import type { ColourSeries } from '../../src/report/chart-timeline.js';
import { buildFixture, emptyRunFixture, RUN_SECONDS } from './fixture.js';
import type { PlannedSecond } from './fixture.js';

/** The exact percentile of raw samples (nearest rank), to compare with the HDR estimate. */
function exactPercentile(values: number[], percentile: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((percentile / 100) * sorted.length));
  return sorted[rank - 1] ?? Number.NaN;
}

function merged(...seconds: (PlannedSecond | undefined)[]): PlannedSecond {
  const present = seconds.filter((second): second is PlannedSecond => second !== undefined);
  return {
    requests: present.reduce((sum, second) => sum + second.requests, 0),
    errors: present.reduce((sum, second) => sum + second.errors, 0),
    dropped: present.reduce((sum, second) => sum + second.dropped, 0),
    latenciesMs: present.flatMap((second) => second.latenciesMs),
    ttftsMs: present.flatMap((second) => second.ttftsMs),
  };
}

/** HDR histograms keep 3 significant digits: an estimate lies within 0.2 % of the exact value. */
function expectHdrEstimate(actual: number | null | undefined, exact: number): void {
  expect(actual).not.toBeNull();
  expect(Math.abs((actual ?? Number.NaN) - exact) / exact).toBeLessThan(0.002);
}

function expectSecondMatches(series: ColourSeries, second: number, plan: PlannedSecond): void {
  expect(series.rps[second]).toBe(plan.requests);
  expect(series.dropped[second]).toBe(plan.dropped);
  expect(series.errorPercent[second]).toBeCloseTo((100 * plan.errors) / plan.requests, 2);
  expectHdrEstimate(series.latencyP99Ms[second], exactPercentile(plan.latenciesMs, 99));
  expectHdrEstimate(series.latencyP50Ms[second], exactPercentile(plan.latenciesMs, 50));
  expectHdrEstimate(series.ttftP95Ms[second], exactPercentile(plan.ttftsMs, 95));
  // The fixture records each request's inter-token latency as its latency / 40.
  const meanLatency = plan.latenciesMs.reduce((sum, value) => sum + value, 0) / plan.latenciesMs.length;
  expectHdrEstimate(series.itlMeanMs[second], meanLatency / 40);
}

describe('the chart timeline', () => {
  const { summary, events, planned } = buildFixture();
  const timeline = buildChartTimeline(summary, events);

  it('has one point per second of the run, in its middle, for every colour', () => {
    expect(timeline.x).toEqual(Array.from({ length: RUN_SECONDS }, (_, second) => second + 0.5));
    expect(timeline.secondsPerColumn).toBe(1);
    expect(timeline.recordedSeconds).toBe(RUN_SECONDS);
    expect(timeline.durationSeconds).toBe(RUN_SECONDS);
    for (const series of Object.values(timeline.series)) {
      expect(series.rps).toHaveLength(RUN_SECONDS);
      expect(series.ttftP95Ms).toHaveLength(RUN_SECONDS);
    }
  });

  it('measures each colour from its own buckets and all traffic from every bucket', () => {
    for (const second of [3, 11, 14, 16, 20, 39]) {
      const blue = planned.blue[second];
      if (blue) expectSecondMatches(timeline.series.blue, second, blue);
      const green = planned.green[second];
      if (green) expectSecondMatches(timeline.series.green, second, green);
      expectSecondMatches(timeline.series.all, second, merged(blue, green, planned.unknown[second]));
    }
  });

  it('shows a colour with no traffic as zero requests and unmeasured latency', () => {
    expect(timeline.series.green.rps[5]).toBe(0);
    expect(timeline.series.green.errorPercent[5]).toBeNull();
    expect(timeline.series.green.latencyP99Ms[25]).toBeNull();
    expect(timeline.series.green.itlMeanMs[25]).toBeNull();
  });

  it('shows the fault on green: errors and slow responses while it is active', () => {
    expect(timeline.series.green.errorPercent[13]).toBeCloseTo(33.333, 2);
    expect(timeline.series.green.latencyP50Ms[13]).toBeGreaterThan(400);
    expect(timeline.series.blue.latencyP50Ms[13]).toBeLessThan(200);
    expect(timeline.series.all.dropped[14]).toBe(3);
  });

  it('turns the planned rate into steps that hold until the run ends', () => {
    expect(timeline.planned).toEqual([
      { at: 0, rps: 20 },
      { at: 10, rps: 30 },
      { at: 40, rps: 30 },
    ]);
  });

  it('places phases, fault windows and rollback moments in seconds since the start', () => {
    expect(timeline.phases).toEqual([
      { from: 0, to: 10, label: 'baseline' },
      { from: 10, to: 30, label: 'canary' },
      { from: 30, to: 40, label: 'soak' },
    ]);
    expect(timeline.faults).toEqual([{ label: 'green-latency', windows: [{ from: 12, to: 25 }] }]);
    // The rule's switch at +17.2 s is the router's switch: drawn once.
    expect(timeline.markers).toEqual([
      { at: 10, kind: 'switch', label: 'switch blue → split' },
      { at: 14.5, kind: 'condition', label: 'green-errors: condition met' },
      { at: 17.2, kind: 'switch', label: 'switch split → blue' },
    ]);
  });

  it('draws a fault that was never reverted up to the end of the run', () => {
    const fixture = buildFixture();
    const events = fixture.events.filter((event) => event.type !== 'fault.reverted');
    expect(buildChartTimeline(fixture.summary, events).faults).toEqual([
      { label: 'green-latency', windows: [{ from: 12, to: 40 }] },
    ]);
  });

  it('draws every window of a repeated fault in its one row', () => {
    const fixture = buildFixture();
    const applied = fixture.events.find((event) => event.type === 'fault.applied')!;
    const reverted = fixture.events.find((event) => event.type === 'fault.reverted')!;
    const events = [
      ...fixture.events,
      { ...applied, t: applied.t + 20_000 },
      { ...reverted, t: applied.t + 25_000 },
    ].sort((a, b) => a.t - b.t);
    expect(buildChartTimeline(fixture.summary, events).faults).toEqual([
      {
        label: 'green-latency',
        windows: [
          { from: 12, to: 25 },
          { from: 32, to: 37 },
        ],
      },
    ]);
  });

  it('copes with a run that recorded no traffic', () => {
    const empty = emptyRunFixture();
    const emptyTimeline = buildChartTimeline(empty.summary, empty.events);
    expect(emptyTimeline.recordedSeconds).toBe(0);
    expect(emptyTimeline.x).toEqual([]);
    expect(emptyTimeline.series.all.rps).toEqual([]);
    expect(emptyTimeline.planned).toEqual([]);
    expect(emptyTimeline.markers).toEqual([]);
    expect(emptyTimeline.durationSeconds).toBe(0);
  });
});
