/**
 * Calls `onSecond(k)` at startAt + 1000·k for k = 0, 1, 2, … until stopped. A late wake-up
 * calls every second it missed, in order, so no second is skipped.
 */
export function startSecondTicker(
  startAt: number,
  now: () => number,
  onSecond: (index: number) => void,
): { stop(): void } {
  let next = 0;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const tick = (): void => {
    while (!stopped && startAt + next * 1000 <= now()) onSecond(next++);
    if (!stopped) timer = setTimeout(tick, Math.max(0, Math.ceil(startAt + next * 1000 - now())));
  };
  tick();
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
