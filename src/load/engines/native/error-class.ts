/** Why a request failed without an HTTP status, as buckets count it. */
export type TransportErrorClass = 'refused' | 'reset' | 'timeout' | 'aborted' | 'other';

const CLASS_BY_CODE: Record<string, TransportErrorClass> = {
  ECONNREFUSED: 'refused',
  ECONNRESET: 'reset',
  EPIPE: 'reset',
  UND_ERR_SOCKET: 'reset',
  UND_ERR_CLOSED: 'reset',
  ETIMEDOUT: 'timeout',
  UND_ERR_CONNECT_TIMEOUT: 'timeout',
  UND_ERR_HEADERS_TIMEOUT: 'timeout',
  UND_ERR_BODY_TIMEOUT: 'timeout',
};

/** Classifies a transport error by its code, looking through `cause` and AggregateError. */
export function classifyTransportError(error: unknown): TransportErrorClass {
  for (let current = error, depth = 0; current instanceof Error && depth < 4; depth++) {
    const code = (current as NodeJS.ErrnoException).code;
    const errorClass = code === undefined ? undefined : CLASS_BY_CODE[code];
    if (errorClass) return errorClass;
    current = current instanceof AggregateError ? current.errors[0] : current.cause;
  }
  return 'other';
}

/** The abort reason the engine gives a request it stops; it decides the error class. */
export class RequestStopped extends Error {
  constructor(readonly errorClass: 'timeout' | 'aborted') {
    super(errorClass === 'timeout' ? 'the request timed out' : 'the run was aborted');
    this.name = 'RequestStopped';
  }
}
