import { z } from 'zod';
import { parseDurationMs } from '../util/duration.js';

/** A duration given as '10s', '1m30s', '250ms' or a number of milliseconds; parsed to ms. */
export const durationMs = z.union([z.number().nonnegative(), z.string()]).transform((value, ctx) => {
  if (typeof value === 'number') return value;
  const ms = parseDurationMs(value);
  if (ms === undefined) {
    ctx.addIssue({ code: 'custom', message: `expected a duration such as 500ms, 10s, 1m30s; got "${value}"` });
    return z.NEVER;
  }
  return ms;
});
