import { normalUpperTail } from './normal.js';

export interface TwoProportionResult {
  candidateRate: number;
  baselineRate: number;
  z: number;
  /** One-sided: the chance of a difference this large if candidate − baseline were at most the margin. */
  pValue: number;
}

/**
 * One-sided two-proportion z-test of "candidate rate − baseline rate > margin". The standard
 * error is unpooled, since the null hypothesis (a difference of `margin`) does not make the two
 * rates equal. With no variance at all (both rates 0 or 1) the difference itself decides.
 */
export function twoProportionGreater(
  candidate: { events: number; trials: number },
  baseline: { events: number; trials: number },
  margin: number,
): TwoProportionResult {
  const candidateRate = candidate.events / candidate.trials;
  const baselineRate = baseline.events / baseline.trials;
  const excess = candidateRate - baselineRate - margin;
  const standardError = Math.sqrt(
    (candidateRate * (1 - candidateRate)) / candidate.trials + (baselineRate * (1 - baselineRate)) / baseline.trials,
  );
  if (standardError === 0)
    return { candidateRate, baselineRate, z: excess > 0 ? Infinity : -Infinity, pValue: excess > 0 ? 0 : 1 };
  const z = excess / standardError;
  return { candidateRate, baselineRate, z, pValue: normalUpperTail(z) };
}
