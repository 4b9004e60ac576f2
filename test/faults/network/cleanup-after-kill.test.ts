import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Summary } from '../../../src/evaluate/summary.js';
import { LEASE_FILE, readLease } from '../../../src/faults/lease.js';
import { STACK_LEASE_FILE } from '../../../src/targets/stack-lease.js';
import { NO_STACK_TRACE, processesWithMarker, runCli, startCli, type CliRun } from '../../support/cli.js';

/**
 * Acceptance: a run against an external Toxiproxy is killed with SIGKILL while its faults are
 * live; `greenlight cleanup <run-dir>` then reverts them from the lease file and no toxic
 * remains. `greenlight toxiproxy serve` in its own process stands in for the external Toxiproxy.
 */
let folder: string;
let toxiproxy: CliRun;
let toxiproxyUrl: string;

interface ProxyListing {
  [name: string]: { enabled: boolean; toxics: { name: string }[] };
}

async function proxies(): Promise<ProxyListing> {
  return (await (await fetch(`${toxiproxyUrl}/proxies`)).json()) as ProxyListing;
}

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'greenlight-kill-'));
  toxiproxy = startCli(['toxiproxy', 'serve', '--port', '0'], { timeoutMs: 170_000 });
  toxiproxyUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('greenlight toxiproxy serve did not start')), 30_000);
    toxiproxy.child.stdout!.on('data', (chunk: Buffer) => {
      const match = /listening on (http:\/\/\S+)/.exec(chunk.toString());
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
  });
});

afterAll(async () => {
  toxiproxy.child.kill('SIGTERM');
  await toxiproxy.result;
  rmSync(folder, { recursive: true, force: true });
});

describe('greenlight cleanup after a SIGKILLed run against an external Toxiproxy', () => {
  it("reverts every live fault and removes the run's proxies: no toxic and no greenlight proxy remains", async () => {
    const experiment = join(folder, 'killed.json');
    writeFileSync(
      experiment,
      JSON.stringify({
        name: 'killed',
        target: { kind: 'embedded', toxiproxy: { url: toxiproxyUrl } },
        load: {
          profile: { kind: 'constant', rate: 2 },
          workload: { mix: [{ request: { kind: 'chat', stream: true, maxTokens: 4 } }] },
        },
        phases: [{ name: 'all', duration: '60s' }],
        faults: [
          { name: 'green-slow', kind: 'latency', target: 'green', at: 0, latency: 200 },
          { name: 'green-sliced', kind: 'slicer', target: 'green', at: 0, averageSize: 16 },
          { name: 'blue-down', kind: 'outage', target: 'blue', at: 0 },
        ],
      }),
    );
    const out = join(folder, 'reports');
    const run = startCli(['run', experiment, '--out', out], { timeoutMs: 90_000 });
    const leasePath = (): string => join(out, readdirSync(out)[0] ?? 'none', LEASE_FILE);
    await vi.waitFor(
      async () => {
        expect(existsSync(leasePath())).toBe(true);
        expect((await readLease(leasePath())).map((lease) => lease.name).sort()).toEqual([
          'blue-down',
          'green-sliced',
          'green-slow',
        ]);
      },
      { timeout: 60_000, interval: 100 },
    );
    run.child.kill('SIGKILL');
    await run.result;

    const left = await proxies();
    const ours = Object.keys(left).filter((name) => /^greenlight-(blue|green)-[0-9a-f]{8}$/.test(name));
    expect(ours).toHaveLength(2);
    expect(ours.flatMap((name) => left[name]!.toxics.map((toxic) => toxic.name)).sort()).toEqual([
      'greenlight-green-sliced',
      'greenlight-green-slow',
    ]);
    expect(ours.filter((name) => !left[name]!.enabled)).toEqual([
      ours.find((name) => name.startsWith('greenlight-blue')),
    ]);

    const runDir = join(out, readdirSync(out)[0]!);
    const cleanup = await runCli(['cleanup', runDir]);
    expect(cleanup.code, cleanup.stderr).toBe(0);
    expect(cleanup.stdout).toContain(
      'cleanup: 3 fault(s) reverted, 0 gone with their target, 2 created thing(s) removed, 0 failed',
    );
    const after = await proxies();
    expect(Object.values(after).flatMap((proxy) => proxy.toxics)).toEqual([]);
    expect(Object.values(after).every((proxy) => proxy.enabled)).toBe(true);
    expect(Object.keys(after).filter((name) => ours.includes(name))).toEqual([]);
    expect(existsSync(join(runDir, LEASE_FILE))).toBe(false);
    expect(existsSync(join(runDir, STACK_LEASE_FILE))).toBe(false);
    await vi.waitFor(() => expect(processesWithMarker(run.marker)).toEqual([]), { timeout: 10_000 });
  });

  it('keeps the stack lease, and exits 3, when a leased proxy cannot be removed', async () => {
    const runDir = join(folder, 'unreachable-lease');
    mkdirSync(runDir);
    writeFileSync(
      join(runDir, STACK_LEASE_FILE),
      JSON.stringify({
        pid: 1,
        resources: [{ kind: 'toxiproxy-proxy', url: 'http://127.0.0.1:1', name: 'greenlight-blue-0badc0de' }],
      }),
    );

    const cleanup = await runCli(['cleanup', runDir]);

    expect(cleanup.code).toBe(3);
    expect(cleanup.stderr).toContain(
      'could not remove proxy "greenlight-blue-0badc0de" on the Toxiproxy at http://127.0.0.1:1',
    );
    expect(cleanup.stdout).toContain(
      'cleanup: 0 fault(s) reverted, 0 gone with their target, 0 created thing(s) removed, 1 failed',
    );
    expect(JSON.parse(readFileSync(join(runDir, STACK_LEASE_FILE), 'utf8'))).toMatchObject({
      resources: [{ kind: 'toxiproxy-proxy', url: 'http://127.0.0.1:1', name: 'greenlight-blue-0badc0de' }],
    });
  });

  it('an unreachable external Toxiproxy is an environment failure (exit 3) naming its URL, with nothing left running', async () => {
    const experiment = join(folder, 'unreachable.json');
    writeFileSync(
      experiment,
      JSON.stringify({
        name: 'unreachable',
        target: { kind: 'embedded', toxiproxy: { url: 'http://127.0.0.1:1' } },
        load: { profile: { kind: 'constant', rate: 1 }, workload: { mix: [{ request: { kind: 'chat' } }] } },
        phases: [{ name: 'all', duration: '2s' }],
      }),
    );
    const run = startCli(['run', experiment, '--out', join(folder, 'unreachable')], { timeoutMs: 60_000 });
    const result = await run.result;
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('Toxiproxy at http://127.0.0.1:1: setting up proxy');
    expect(result.stderr).not.toMatch(NO_STACK_TRACE);
    await vi.waitFor(() => expect(processesWithMarker(run.marker)).toEqual([]), { timeout: 10_000 });
  });

  it('a run with TOXIPROXY_URL set uses that Toxiproxy, audits it clean and removes its proxies at the end', async () => {
    const experiment = join(folder, 'short.json');
    writeFileSync(
      experiment,
      JSON.stringify({
        name: 'short',
        load: {
          profile: { kind: 'constant', rate: 2 },
          workload: { mix: [{ request: { kind: 'chat', stream: true, maxTokens: 4 } }] },
        },
        phases: [{ name: 'all', duration: '2s' }],
        faults: [{ name: 'green-reset', kind: 'reset-peer', target: 'green', at: 0, for: '1s', toxicity: 0.5 }],
      }),
    );
    const before = Object.keys(await proxies());
    process.env.TOXIPROXY_URL = toxiproxyUrl;
    const run = startCli(['run', experiment, '--out', join(folder, 'short')], { timeoutMs: 60_000 });
    delete process.env.TOXIPROXY_URL;
    const result = await run.result;
    expect(result.stderr + result.stdout).toContain(`toxiproxy   ${toxiproxyUrl}  (external)`);
    const runDir = join(folder, 'short', readdirSync(join(folder, 'short'))[0]!);
    const summary = JSON.parse(readFileSync(join(runDir, 'summary.json'), 'utf8')) as Summary;
    expect(summary.faults.map((fault) => [fault.name, fault.appliedAt !== null, fault.revertedAt !== null])).toEqual([
      ['green-reset', true, true],
    ]);
    expect(summary.cleanup).toEqual({ clean: true, leftovers: [] });
    expect(Object.keys(await proxies())).toEqual(before);
    expect(existsSync(join(runDir, STACK_LEASE_FILE))).toBe(false);
  });
});
