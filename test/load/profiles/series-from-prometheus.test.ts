import { describe, expect, it } from 'vitest';
import { profileSchema } from '../../../src/experiment/load-schema.js';
import { resolveRecordedProfile } from '../../../src/load/profiles/recorded-sources.js';
import { profileShape } from '../../../src/load/profiles/shape.js';
import { pushgatewayStackAvailable, until, usePushgatewayStack } from '../../support/prometheus-stack.js';

const available = pushgatewayStackAvailable();

describe.skipIf(!available)('a rate series read by a PromQL range query from a real Prometheus', () => {
  const stackOf = usePushgatewayStack();

  /** Sets the gauge the "past traffic" is made of (through the Pushgateway Prometheus scrapes). */
  async function recordRate(rps: number, job = 'shop'): Promise<void> {
    const response = await fetch(`${stackOf().pushgatewayUrl}/metrics/job/${job}`, {
      method: 'PUT',
      body: `# TYPE shop_requests_per_second gauge\nshop_requests_per_second ${rps}\n`,
    });
    expect(response.status).toBe(200);
  }

  it('takes a past window of a query as the series, exact between its points', async () => {
    await recordRate(10);
    await until(async () => {
      const now = Date.now();
      const series = await stackOf().prometheus.queryRange({
        query: 'shop_requests_per_second',
        start: now - 5000,
        end: now,
        stepMs: 1000,
      });
      if (series.length === 0) throw new Error('not scraped yet');
    }, 30_000);
    const start = Math.floor(Date.now() / 1000);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    await recordRate(30);
    await new Promise((resolve) => setTimeout(resolve, 4000));
    const end = start + 6;

    const profile = profileSchema.parse({
      kind: 'series',
      prometheus: {
        url: stackOf().prometheus.url,
        query: 'sum(shop_requests_per_second)',
        start,
        end: String(new Date(end * 1000).toISOString()),
        step: '1s',
      },
      speedup: 2,
    });
    const resolved = await resolveRecordedProfile(profile, '.', 'exp.ts');
    if (resolved.kind !== 'series') throw new Error('expected a series');
    const points = resolved.points!;
    // One point per step from the window's first sample on.
    expect(points.length).toBeGreaterThanOrEqual(5);
    expect(points.map(([seconds]) => seconds)).toEqual(points.map((_, index) => index));
    expect(points[0]![1]).toBe(10);
    expect(points.at(-1)![1]).toBe(30);
    // Six recorded seconds last three; in between the rate is the straight line of its points.
    const shape = profileShape(resolved);
    expect(shape.rateAt(((points.length - 1) * 1000) / 2)).toBe(30);
    const [[t1, r1], [t2, r2]] = [points[2]!, points[3]!];
    expect(shape.rateAt(((t1 + t2) / 2) * 500)).toBeCloseTo((r1 + r2) / 2, 9);
  }, 60_000);

  it('refuses a query that gives several series, saying how to aggregate', async () => {
    await recordRate(5);
    await recordRate(7, 'other');
    const now = Math.floor(Date.now() / 1000) + 2;
    await new Promise((resolve) => setTimeout(resolve, 2500));
    const profile = profileSchema.parse({
      kind: 'series',
      prometheus: {
        url: stackOf().prometheus.url,
        query: 'shop_requests_per_second',
        start: now - 2,
        end: now,
        step: '1s',
      },
    });
    await expect(resolveRecordedProfile(profile, '.', 'exp.ts')).rejects.toThrow(
      /exp\.ts: load\.profile\.prometheus \(shop_requests_per_second\): expected exactly one series, got 2/,
    );
  }, 30_000);
});
