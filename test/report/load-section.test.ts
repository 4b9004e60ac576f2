import { describe, expect, it } from 'vitest';
import { renderHtml } from '../../src/report/html.js';
import { buildChartTimeline } from '../../src/report/chart-timeline.js';
import { buildFixture } from './fixture.js';

describe('the report load section', () => {
  it('shows TPOT, output tokens/s, the token counting method and goodput when measured', () => {
    const { summary, events } = buildFixture();
    summary.load = {
      ...summary.load,
      model: 'closed',
      concurrency: 12,
      tpotMs: { p50: 11.5, p90: 14, p95: 15, p99: 19, max: 25 },
      outputTokensPerSecond: 1234,
      tokenCounting: {
        inputTokens: 'usage',
        outputTokens: 'chunks',
        requestsCountedByUsage: 0,
        requestsCountedByChunks: 1075,
      },
      goodput: { objectives: { ttftMs: 500, tpotMs: 50 }, goodRequests: 1000, ratio: 0.9074, rps: 25.1 },
    };
    const html = renderHtml(summary, buildChartTimeline(summary, events));

    expect(html).toContain('<dt>Model</dt><dd>closed, 12 in flight</dd>');
    expect(html).toContain('<dt>Output tokens/s</dt><dd>1,234</dd>');
    expect(html).toContain('<dt>Output tokens counted by</dt><dd>chunks</dd>');
    expect(html).toMatch(/<dt>Goodput<\/dt><dd>90\.74 % \(25\.1 rps\), TTFT ≤ 500 ms, TPOT ≤ 50\.0 ms<\/dd>/);
    expect(html).toContain('Time per output token');
  });

  it('leaves the new figures out for a summary written before they existed', () => {
    const { summary, events } = buildFixture();
    const html = renderHtml(summary, buildChartTimeline(summary, events));
    expect(html).not.toContain('Time per output token');
    expect(html).not.toContain('<dt>Goodput</dt>');
  });
});
