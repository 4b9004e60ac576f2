import { CommanderError } from 'commander';
import { GreenlightError, type GreenlightErrorCode } from '../errors.js';

/** The exit codes are a contract scripts and CI depend on; see `greenlight --help`. */
export const EXIT = {
  pass: 0,
  verdictFailed: 1,
  badInput: 2,
  environment: 3,
  internal: 4,
  interrupted: 130,
} as const;

export const EXIT_CODES_HELP = `
Exit codes:
  0    the verdict passed
  1    the verdict failed: an SLO, a rollback rule, a trigger, the release gate, a halt, the
       steady state not met before the first fault, or a fault left behind
  2    bad input: flags, experiment, target or a file they reference (the message names the
       file and the field); nothing was started
  3    the environment failed: a target unreachable in preflight, a port taken, a fault could
       not be applied, Docker or k6 missing; no verdict is given
  4    internal error: a bug in greenlight (the message says how to report it)
  130  interrupted (SIGINT/SIGTERM): faults were reverted and a partial report written`;

const CODE_FOR: Record<GreenlightErrorCode, number> = {
  'bad-input': EXIT.badInput,
  environment: EXIT.environment,
  interrupted: EXIT.interrupted,
  internal: EXIT.internal,
};

/** Maps any error to its exit code and the one message the user sees (no stack traces). */
export function exitFor(error: unknown): { code: number; message: string | undefined } {
  if (error instanceof CommanderError) {
    // Commander has printed its own message (unknown option, missing argument, --help).
    return { code: error.exitCode === 0 ? EXIT.pass : EXIT.badInput, message: undefined };
  }
  if (error instanceof GreenlightError && error.code !== 'internal') {
    return { code: CODE_FOR[error.code], message: error.message };
  }
  return {
    code: EXIT.internal,
    message: internalMessage(error instanceof GreenlightError ? (error.cause ?? error) : error),
  };
}

function internalMessage(error: unknown): string {
  const detail = error instanceof Error ? error.message : String(error);
  const trace = error instanceof Error && process.env.GREENLIGHT_DEBUG ? `\n${error.stack}` : '';
  return [
    `internal error: ${detail}${trace}`,
    'This is a bug in greenlight, not in your experiment or your system. Please report it to the',
    'greenlight maintainers with the command you ran and its output with GREENLIGHT_DEBUG=1 set',
    '(which adds the stack trace).',
  ].join('\n');
}
