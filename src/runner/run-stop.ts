import { InterruptedError, asGreenlightError, errorMessage, type GreenlightError } from '../errors.js';
import type { RunEndedEvent } from '../journal/events.js';

export interface RunEnding {
  reason: RunEndedEvent['reason'];
  detail?: string;
  /** What stopped the run when it did not end as planned, for the exit code. */
  failure?: GreenlightError;
}

/** A run ended by an error; the error decides the exit code. */
export function failedEnding(error: unknown): RunEnding {
  return { reason: 'error', detail: errorMessage(error), failure: asGreenlightError(error) };
}

/**
 * How a run ends: the first cause wins (a halt, a failure, an interrupt, an unhealthy steady
 * state) and aborts `signal`, which every part of the run listens to.
 */
export class RunStop {
  private readonly controller = new AbortController();
  private current: RunEnding = { reason: 'completed' };
  private readonly detach: () => void;

  constructor(external?: AbortSignal) {
    const interrupted = (): void => {
      const reason: unknown = external?.reason;
      this.end({
        reason: 'interrupted',
        detail: errorMessage(reason ?? 'interrupted'),
        failure: reason instanceof InterruptedError ? reason : new InterruptedError('abort'),
      });
    };
    if (external?.aborted) interrupted();
    external?.addEventListener('abort', interrupted, { once: true });
    this.detach = () => external?.removeEventListener('abort', interrupted);
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get ending(): RunEnding {
    return this.current;
  }

  end(ending: RunEnding): void {
    if (this.controller.signal.aborted) return;
    this.current = ending;
    this.controller.abort();
  }

  /** Ends the run because a part of it failed; the error decides the exit code. */
  readonly fail = (error: unknown): void => this.end(failedEnding(error));

  /** Stops everything that is still running, without changing how the run ended. */
  close(): void {
    this.detach();
    this.controller.abort();
  }
}
