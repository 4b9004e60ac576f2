import { EnvironmentError } from '../../../errors.js';

/** What k6's exit code says (errext/exitcodes/codes.go), for the run's notices and errors. */
const MEANINGS: Record<number, string> = {
  99: "k6's thresholds failed (greenlight's own verdict comes from the journal)",
  100: 'the setup() step (model discovery) timed out',
  104: 'k6 rejected the generated options as invalid configuration',
  105: 'k6 was stopped by a signal',
  107: 'the generated script threw an exception inside k6',
  108: 'the script called test.abort()',
};

/** k6 ended this way and still measured what it could: the results are ingested either way. */
const MEASURED = new Set([0, 99, 105]);

/** Undefined when the run is fine to judge; otherwise the error that ends the run. */
export function k6ExitError(
  code: number | null,
  signal: string | null,
  stderrTail: string,
): EnvironmentError | undefined {
  if (code !== null && MEASURED.has(code)) return undefined;
  const what =
    code === null
      ? `k6 was killed by ${signal ?? 'a signal'}`
      : `k6 exited with code ${code}: ${MEANINGS[code] ?? 'an unexpected failure'}`;
  const detail = stderrTail.trim() === '' ? '' : `\n${stderrTail.trim()}`;
  return new EnvironmentError(`${what}${detail}`);
}

/** A line for the run's notices when k6 ended in a way worth saying (thresholds crossed). */
export function k6ExitNotice(code: number | null): string | undefined {
  return code === 99 ? `k6: ${MEANINGS[99]}` : undefined;
}
