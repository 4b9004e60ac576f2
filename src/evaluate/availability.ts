/**
 * Availability: the share of requests the service answered, i.e. not failed by the server
 * (a 5xx status) or on the way (a transport error, a timeout, a cut or malformed stream).
 * Unlike the error rate, 4xx answers count as available: the service was up and said no
 * (a 429 is deliberate load shedding, a 400 the client's mistake). Undefined without requests.
 */
export function availability(requests: number, unavailable: number): number | undefined {
  return requests === 0 ? undefined : 1 - unavailable / requests;
}

/** Requests failed by a 5xx or without a full answer; the run's own aborts do not count. */
export function unavailableCount(outcomes: Readonly<Record<string, number>>): number {
  let unavailable = 0;
  for (const [outcome, count] of Object.entries(outcomes)) {
    if (isUnavailable(outcome)) unavailable += count;
  }
  return unavailable;
}

function isUnavailable(outcome: string): boolean {
  const status = Number(outcome);
  if (!Number.isInteger(status)) return outcome !== 'aborted';
  return status >= 500;
}
