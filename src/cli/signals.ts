/**
 * First SIGINT/SIGTERM: ask the run to stop cleanly (revert faults, write the report).
 * Second: exit at once with 130.
 */
export function onInterrupt(stop: (signal: NodeJS.Signals) => void): () => void {
  let received = 0;
  const handler = (signal: NodeJS.Signals): void => {
    received++;
    if (received === 1) stop(signal);
    else process.exit(130);
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
}
