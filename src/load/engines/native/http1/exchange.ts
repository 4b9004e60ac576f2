/** What one request/response exchange on a connection tells the request that started it. */
export interface ExchangeHandler {
  /** The status line and headers arrived; `headers` is [name, value, name, value, …] as sent. */
  onResponseStart(status: number, headers: readonly string[]): void;
  onResponseData(chunk: Buffer): void;
  onResponseEnd(): void;
  /** The exchange failed (connect error, reset, closed mid-response, bad response) or was aborted. */
  onError(error: Error): void;
}

/** Ends an exchange early: the connection is closed and the handler gets `reason` as its error. */
export type AbortExchange = (reason: Error) => void;

/** The connection closed before the response ended; counted as a reset. */
export class ConnectionClosedError extends Error {
  readonly code = 'ECONNRESET';

  constructor() {
    super('the connection closed before the response ended');
    this.name = 'ConnectionClosedError';
  }
}

/**
 * The value of the header `lowerCaseName` in [name, value, …] as the server spelled them;
 * undefined when absent. Names of another length are passed over without lower-casing them.
 */
export function headerValue(headers: readonly string[], lowerCaseName: string): string | undefined {
  for (let index = 0; index < headers.length; index += 2) {
    const name = headers[index] as string;
    if (name.length === lowerCaseName.length && name.toLowerCase() === lowerCaseName) return headers[index + 1];
  }
  return undefined;
}
