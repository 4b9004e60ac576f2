import type { RouterCostEvent } from '../../journal/events.js';
import { assessRouterCost, type KnownRouter } from './assess.js';
import { sampleRouterCost, type RouterCostInput, type RouterCostSampling } from './sample.js';

export type { KnownRouter } from './assess.js';
export type { RouterCostInput, RouterCostSampling } from './sample.js';

/**
 * The router-cost check of the baseline: a few bounded seconds of the workload, alternately
 * through the router and straight to each colour, judged into a `router.cost` journal event
 * (what the router adds per colour; whether it holds back first tokens, and the fix).
 * `router` is the router kind the target declares, when it does (it names the fix).
 */
export async function checkRouterCost(
  input: RouterCostInput,
  options: RouterCostSampling & { router?: KnownRouter } = {},
): Promise<RouterCostEvent> {
  const t = Date.now();
  const started = performance.now();
  const samples = await sampleRouterCost(input, options);
  return assessRouterCost(samples, { t, durationMs: performance.now() - started, declared: options.router });
}
