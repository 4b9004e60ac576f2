import { execFile, type ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import { EnvironmentError, errorMessage } from '../../errors.js';
import { haproxyCommand } from '../../shared/haproxy/runtime-api.js';
import { freeLoopbackPort } from '../../util/free-port.js';
import { spawnHeld } from '../../util/held-process.js';
import { haproxyConfig, type HaproxyConfigOptions } from './config.js';

const READY_TIMEOUT_MS = 10_000;

export interface RunningHaproxy {
  url: string;
  /** HAProxy's built-in Prometheus exporter (`/metrics`) on its own loopback port. */
  metricsUrl: string;
  socketPath: string;
  binary: string;
  stop(): Promise<void>;
}

/** Finds HAProxy on PATH or where Debian installs it; an EnvironmentError (exit 3) when absent. */
export function findHaproxy(): string {
  const candidates = [...(process.env.PATH ?? '').split(delimiter).filter(Boolean), '/usr/sbin', '/usr/local/sbin'];
  for (const folder of candidates) {
    const path = join(folder, 'haproxy');
    try {
      accessSync(path, constants.X_OK);
      return path;
    } catch {
      // not in this folder
    }
  }
  throw new EnvironmentError(
    'the HAProxy router needs the haproxy binary (Debian: apt-get install haproxy); it is not on PATH or in /usr/sbin',
  );
}

/** Starts HAProxy with a generated configuration in a private temporary folder. */
export async function startHaproxy(
  options: Omit<HaproxyConfigOptions, 'port' | 'metricsPort' | 'socketPath'>,
): Promise<RunningHaproxy> {
  const binary = findHaproxy();
  const folder = await mkdtemp(join(tmpdir(), 'greenlight-haproxy-'));
  const socketPath = join(folder, 'admin.sock');
  const configPath = join(folder, 'haproxy.cfg');
  try {
    const port = await freeLoopbackPort();
    const metricsPort = await freeLoopbackPort();
    await writeFile(configPath, haproxyConfig({ ...options, port, metricsPort, socketPath }));
    await promisify(execFile)(binary, ['-c', '-q', '-f', configPath]).catch((error: unknown) => {
      const stderr = (error as { stderr?: string }).stderr ?? errorMessage(error);
      throw new EnvironmentError(`HAProxy rejected the generated configuration ${configPath}: ${stderr.trim()}`);
    });
    const held = spawnHeld(binary, ['-f', configPath, '-db']);
    const stop = async (): Promise<void> => {
      await held.stop();
      await rm(folder, { recursive: true, force: true });
    };
    try {
      await waitForRuntimeApi(socketPath, held.child, held.stderr);
    } catch (error) {
      await stop();
      throw error;
    }
    return {
      url: `http://127.0.0.1:${port}`,
      metricsUrl: `http://127.0.0.1:${metricsPort}/metrics`,
      socketPath,
      binary,
      stop,
    };
  } catch (error) {
    await rm(folder, { recursive: true, force: true });
    throw error;
  }
}

async function waitForRuntimeApi(socketPath: string, child: ChildProcess, stderr: () => string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null) throw new EnvironmentError(`HAProxy exited at start: ${stderr().trim()}`);
    try {
      if ((await haproxyCommand({ path: socketPath }, 'show info')).includes('Pid:')) return;
    } catch (error) {
      if (Date.now() > deadline) {
        throw new EnvironmentError(
          `HAProxy's runtime API did not answer within ${READY_TIMEOUT_MS / 1000}s: ${errorMessage(error)}\n${stderr().trim()}`,
        );
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
