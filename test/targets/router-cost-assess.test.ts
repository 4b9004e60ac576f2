import { describe, expect, it } from 'vitest';
import { HOLD_BACK_MS, assessRouterCost } from '../../src/targets/router-cost/assess.js';
import type { RouterCostSample } from '../../src/targets/router-cost/sample.js';

function samples(
  route: RouterCostSample['route'],
  colour: RouterCostSample['colour'],
  count: number,
  ttftMs: number | undefined,
  latencyMs: number,
): RouterCostSample[] {
  return Array.from({ length: count }, () => ({ route, colour, ok: true, ttftMs, latencyMs, server: undefined }));
}

const at = { t: 0, durationMs: 3000 };

describe('judging the router-cost samples', () => {
  it('takes distance (the same added to TTFT and latency) for distance, not for holding back', () => {
    const event = assessRouterCost(
      [...samples('blue', 'blue', 5, 30, 300), ...samples('router', 'blue', 5, 30 + 80, 300 + 80)],
      at,
    );
    expect(event.colours[0]).toMatchObject({ colour: 'blue', addedTtftMs: 80, addedLatencyMs: 80 });
    expect(event.holdsBackFirstTokens).toBe(false);
    expect(event.fix).toBeUndefined();
  });

  it(`flags TTFT added ${HOLD_BACK_MS} ms beyond what the whole answer gets`, () => {
    const just = assessRouterCost(
      [...samples('green', 'green', 4, 30, 300), ...samples('router', 'green', 4, 30 + HOLD_BACK_MS, 300)],
      at,
    );
    expect(just.holdsBackFirstTokens).toBe(true);
    expect(just.router).toBe('unknown');
    const under = assessRouterCost(
      [...samples('green', 'green', 4, 30, 300), ...samples('router', 'green', 4, 29 + HOLD_BACK_MS, 300)],
      at,
    );
    expect(under.holdsBackFirstTokens).toBe(false);
  });

  it('compares answers that name no colour with every direct answer, and says so', () => {
    const event = assessRouterCost(
      [
        ...samples('blue', 'blue', 3, 20, 200),
        ...samples('green', 'green', 3, 40, 400),
        ...samples('router', 'unknown', 6, 230, 300),
      ],
      at,
    );
    expect(event.colours).toEqual([
      {
        colour: 'unknown',
        direct: { requests: 6, errors: 0, ttftP50Ms: 30, latencyP50Ms: 300 },
        viaRouter: { requests: 6, errors: 0, ttftP50Ms: 230, latencyP50Ms: 300 },
        addedTtftMs: 200,
        addedLatencyMs: 0,
      },
    ]);
    expect(event.holdsBackFirstTokens).toBe(true);
    expect(event.note).toMatch(/names no colour/);
  });

  it('does not judge without streamed answers, or with too few', () => {
    const unstreamed = assessRouterCost(
      [...samples('blue', 'blue', 5, undefined, 300), ...samples('router', 'blue', 5, undefined, 300)],
      at,
    );
    expect(unstreamed.holdsBackFirstTokens).toBe(false);
    expect(unstreamed.colours[0]?.addedTtftMs).toBeNull();
    expect(unstreamed.note).toMatch(/no streamed answer/);

    const few = assessRouterCost(
      [...samples('blue', 'blue', 2, 30, 300), ...samples('router', 'blue', 2, 500, 300)],
      at,
    );
    expect(few.holdsBackFirstTokens).toBe(false);
    expect(few.note).toMatch(/fewer than 3 streamed answers/);
  });

  it('recognises nginx by its Server header, and counts failures apart', () => {
    const failed: RouterCostSample = {
      route: 'router',
      colour: 'blue',
      ok: false,
      ttftMs: undefined,
      latencyMs: 5,
      server: 'nginx/1.22.1',
    };
    const event = assessRouterCost(
      [
        ...samples('blue', 'blue', 3, 30, 300),
        ...samples('router', 'blue', 3, 30, 300).map((sample) => ({ ...sample, server: 'nginx/1.22.1' })),
        failed,
      ],
      at,
    );
    expect(event.router).toBe('nginx');
    expect(event.colours[0]?.viaRouter).toEqual({ requests: 4, errors: 1, ttftP50Ms: 30, latencyP50Ms: 300 });
  });
});
