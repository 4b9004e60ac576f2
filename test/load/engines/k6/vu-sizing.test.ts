import { describe, expect, it } from 'vitest';
import { loadSchema } from '../../../../src/experiment/load-schema.js';
import { DEFAULT_EXPECTED_LATENCY_MS, vuSizing } from '../../../../src/load/engines/k6/options.js';

const load = (extra: Record<string, unknown>) => loadSchema.parse({ profile: { kind: 'constant', rate: 1 }, ...extra });

describe('k6 VU sizing from rate × latency (Little’s law)', () => {
  it('pre-allocates the peak rate times the expected latency, and caps at the rate times the timeout', () => {
    expect(vuSizing(load({ expectedLatency: '1500ms', timeout: '10s' }), 40)).toEqual({
      preAllocatedVUs: 60,
      maxVUs: 400,
    });
  });

  it('takes the goodput e2e objective, else 2 s, when no latency is expected', () => {
    expect(vuSizing(load({ goodput: { e2e: '800ms' } }), 10).preAllocatedVUs).toBe(8);
    expect(DEFAULT_EXPECTED_LATENCY_MS).toBe(2_000);
    expect(vuSizing(load({}), 10).preAllocatedVUs).toBe(20);
  });

  it('never exceeds maxInFlight, the native engine’s cap, and keeps at least one VU', () => {
    expect(vuSizing(load({ maxInFlight: 100, expectedLatency: '5s' }), 50)).toEqual({
      preAllocatedVUs: 100,
      maxVUs: 100,
    });
    expect(vuSizing(load({}), 0.01)).toEqual({ preAllocatedVUs: 1, maxVUs: 1 });
  });
});
