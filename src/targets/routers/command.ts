import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { errorMessage } from '../../errors.js';
import type { RouterObserver, RouterView } from '../router-observer.js';
import { viewOfValues } from './shares.js';

const MAX_OUTPUT_BYTES = 64 * 1024;

/**
 * Learns the split from a command of the team's (Argo Rollouts' or a cloud load balancer's CLI
 * wrapped in a line of jq): run without a shell, argv as given, killed after `timeoutMs`; its
 * stdout is `{"blue": n, "green": n}`, shares or weights taken in percent of their sum.
 */
export class CommandObserver implements RouterObserver {
  readonly name: string;

  constructor(
    private readonly argv: readonly [string, ...string[]],
    private readonly timeoutMs: number,
  ) {
    this.name = `command ${argv.join(' ')}`;
  }

  async observe(): Promise<RouterView> {
    const [program, ...args] = this.argv;
    let stdout: string;
    try {
      ({ stdout } = await promisify(execFile)(program, args, {
        timeout: this.timeoutMs,
        maxBuffer: MAX_OUTPUT_BYTES,
        encoding: 'utf8',
      }));
    } catch (error) {
      const { killed, stderr } = error as { killed?: boolean; stderr?: string };
      const why = killed ? `did not finish within ${this.timeoutMs} ms` : errorMessage(error);
      throw new Error(`${this.name}: ${why}${stderr?.trim() ? `: ${stderr.trim().slice(-300)}` : ''}`, {
        cause: error,
      });
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(stdout);
    } catch {
      throw new Error(
        `${this.name}: expected {"blue": n, "green": n} on stdout, got ${JSON.stringify(stdout.slice(0, 200))}`,
      );
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      throw new Error(`${this.name}: expected {"blue": n, "green": n} on stdout, got ${stdout.trim().slice(0, 200)}`);
    const { blue, green } = parsed as Record<string, unknown>;
    return viewOfValues({ blue, green }, this.name);
  }
}
