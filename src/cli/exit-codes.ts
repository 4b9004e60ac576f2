import { CommanderError } from 'commander';
import { GreenlightError } from '../errors.js';

/** The exit codes are a contract scripts and CI depend on; see `greenlight --help`. */
export const EXIT = {
  pass: 0,
  verdictFailed: 1,
  badInput: 2,
  environment: 3,
  interrupted: 130,
} as const;

export const EXIT_CODES_HELP = `
Exit codes:
  0    the verdict passed
  1    the verdict failed (an SLO, a rollback rule, a halt or a fault left behind)
  2    bad input: flags, experiment file, profile (the message names the file and field)
  3    the environment failed: target unreachable, a port taken, a fault could not be
       applied, Docker or k6 missing; no verdict is given
  130  interrupted (SIGINT/SIGTERM): faults were reverted and a partial report written`;

/** Maps any error to its exit code and the one message the user sees (no stack traces). */
export function exitFor(error: unknown): { code: number; message: string | undefined } {
  if (error instanceof CommanderError) {
    // Commander has printed its own message (unknown option, missing argument, --help).
    return { code: error.exitCode === 0 ? EXIT.pass : EXIT.badInput, message: undefined };
  }
  if (error instanceof GreenlightError) {
    const code = {
      'bad-input': EXIT.badInput,
      environment: EXIT.environment,
      interrupted: EXIT.interrupted,
      internal: EXIT.environment,
    }[error.code];
    return { code, message: error.message };
  }
  const detail = error instanceof Error ? (process.env.GREENLIGHT_DEBUG ? error.stack : error.message) : String(error);
  return { code: EXIT.environment, message: `internal error: ${detail}\n(set GREENLIGHT_DEBUG=1 for a stack trace)` };
}
