/**
 * The one error hierarchy of greenlight. `src/cli` maps `code` to an exit code in one place;
 * everything else throws these with a message that says what was expected and where.
 */
export type GreenlightErrorCode = 'bad-input' | 'environment' | 'interrupted' | 'internal';

export class GreenlightError extends Error {
  readonly code: GreenlightErrorCode;

  constructor(code: GreenlightErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** Bad flags, a broken experiment file, an unknown profile: the user must change their input. */
export class InputError extends GreenlightError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('bad-input', message, options);
  }
}

/** The environment failed: a target is unreachable, a port is taken, Docker or k6 is missing. */
export class EnvironmentError extends GreenlightError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('environment', message, options);
  }
}

/** The run was stopped by SIGINT/SIGTERM. */
export class InterruptedError extends GreenlightError {
  constructor(signal: string) {
    super('interrupted', `interrupted by ${signal}`);
  }
}

/** A bug in greenlight: anything that is not the user's input, their environment or an interrupt. */
export class InternalError extends GreenlightError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('internal', message, options);
  }
}

/** The error as greenlight reports it: itself when it is one of ours, else an internal error (a bug). */
export function asGreenlightError(error: unknown): GreenlightError {
  return error instanceof GreenlightError ? error : new InternalError(errorMessage(error), { cause: error });
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
