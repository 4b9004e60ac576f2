import { Toxiproxy } from 'toxiproxy-node-client';
import { EnvironmentError, errorMessage } from '../../errors.js';

/** A toxiproxy-node-client for the API at `url` (a trailing slash is fine). */
export function toxiproxyClient(url: string): { client: Toxiproxy; base: string } {
  const base = url.replace(/\/+$/, '');
  return { client: new Toxiproxy(base), base };
}

/** The HTTP status of a failed call: the client keeps only "Request failed with status code N". */
export function failedStatus(error: unknown): number | undefined {
  const match = /status code (\d{3})/.exec(errorMessage(error));
  return match ? Number(match[1]) : undefined;
}

/** An EnvironmentError naming the Toxiproxy URL and what was being done, with a hint per status. */
export function toxiproxyFailure(
  url: string,
  doing: string,
  error: unknown,
  hints: Readonly<Record<number, string>> = {},
): EnvironmentError {
  const status = failedStatus(error);
  const reason =
    status === undefined
      ? `${errorMessage(error)} (is Toxiproxy running there?)`
      : `HTTP ${status}${hints[status] ? `: ${hints[status]}` : ''}`;
  return new EnvironmentError(`Toxiproxy at ${url}: ${doing} failed: ${reason}`, { cause: error });
}
