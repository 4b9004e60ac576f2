/**
 * Wall-clock milliseconds (comparable with Date.now()) with sub-millisecond resolution and
 * no jumps during the run: the monotonic clock, anchored to the wall clock once.
 */
export function preciseWallClock(): () => number {
  const anchor = Date.now() - performance.now();
  return () => anchor + performance.now();
}
