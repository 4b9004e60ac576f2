/** Why the service failed a request it had accepted as well-formed. */
export type FailureKind = 'queue-full' | 'queue-timeout' | 'oom' | 'preempted' | 'injected' | 'mid-stream' | 'cut';

export interface ServiceFailure {
  kind: FailureKind;
  status: number;
  /** The `code` of the OpenAI-style error body. */
  code: string;
  message: string;
}

/** A failure that ends the connection instead of answering (streamCutRate). */
export function cutsConnection(failure: ServiceFailure): boolean {
  return failure.kind === 'cut';
}

export function failure(kind: FailureKind, detail: string): ServiceFailure {
  switch (kind) {
    case 'queue-full':
      return { kind, status: 429, code: 'queue_full', message: `server is busy: ${detail}` };
    case 'queue-timeout':
      return { kind, status: 503, code: 'queue_timeout', message: `request timed out in the queue: ${detail}` };
    case 'oom':
      return { kind, status: 500, code: 'oom', message: `CUDA out of memory: ${detail}` };
    case 'preempted':
      return { kind, status: 500, code: 'preempted', message: `sequence preempted: ${detail}` };
    case 'injected':
      return { kind, status: 500, code: 'internal_error', message: `internal server error: ${detail}` };
    case 'mid-stream':
      return { kind, status: 500, code: 'internal_error', message: `generation failed mid-way: ${detail}` };
    case 'cut':
      // Never answered: the connection is closed where the failure struck.
      return { kind, status: 500, code: 'connection_cut', message: `connection cut mid-way: ${detail}` };
  }
}
