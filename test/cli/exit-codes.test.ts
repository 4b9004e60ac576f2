import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closedPortUrl } from '../load/helpers/servers.js';
import { Services } from '../reference/service/helpers.js';
import { NO_STACK_TRACE, runCli, startCli, type CliRun } from '../support/cli.js';
import { baseExperiment, journal, steady } from '../support/journal-fixture.js';

/**
 * The exit-code contract, command by command, through the built CLI. Codes that need a whole
 * run are asserted where that run is tested: run 0/1/130 in run.test.ts, run 2 and the steady
 * state and halt 1s in run-flow.test.ts, gate 0/1/2 in gate.test.ts, load 0/2/3 in load.test.ts,
 * gpu hold 3 in faults/gpu/cuda.test.ts, cleanup 3 after a kill in faults/network and faults/docker.
 * Exit 4 (a bug) is provoked by a preload module that breaks stdout (test/fixtures/cli/inject-bug.mjs).
 */
const folder = mkdtempSync(join(tmpdir(), 'greenlight-exit-codes-'));
const services = new Services();
let serviceUrl = '';
let taken: Server;
let takenPort = 0;

beforeAll(async () => {
  serviceUrl = (await services.start()).url;
  taken = createServer();
  await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
  takenPort = (taken.address() as { port: number }).port;
});
afterAll(async () => {
  await services.closeAll();
  taken.close();
  rmSync(folder, { recursive: true, force: true });
});

const INJECT_BUG = { NODE_OPTIONS: `--import ${join(import.meta.dirname, '..', 'fixtures', 'cli', 'inject-bug.mjs')}` };

function file(name: string, contents: string): string {
  const path = join(folder, name);
  writeFileSync(path, contents);
  return path;
}

/** A run folder holding only a journal: a 40 s run where green fails all along (or not). */
function runFolder(name: string, greenErrors: number): string {
  const dir = join(folder, name);
  mkdirSync(dir);
  const events = journal(baseExperiment, [...steady('blue', 0, 40, 10), ...steady('green', 0, 40, 10, greenErrors)]);
  writeFileSync(join(dir, 'journal.ndjson'), events.map((event) => JSON.stringify(event)).join('\n') + '\n');
  return dir;
}

/** A short experiment; `fields` replaces its target/phases or adds to them. */
function experiment(name: string, fields = ''): string {
  return file(
    `${name}.ts`,
    `export default {
  name: '${name}',
  load: { profile: { kind: 'constant', rate: 6 }, workload: { mix: [{ request: { kind: 'chat', promptTokens: 20, maxTokens: 4 } }] } },
  phases: [{ name: 'only', duration: '3s' }],
  ${fields}
};
`,
  );
}

async function expectExit(args: string[], code: number, output?: RegExp, env?: Record<string, string>): Promise<void> {
  const result = await runCli(args, env ? { env } : {});
  expect(result.code, `greenlight ${args.join(' ')}\n${result.stderr}${result.stdout}`).toBe(code);
  if (output) expect(result.stderr + result.stdout).toMatch(output);
  expect(result.stderr).not.toMatch(NO_STACK_TRACE);
}

async function interrupt(run: CliRun, ready: RegExp, stream: 'stdout' | 'stderr' = 'stderr'): Promise<number | null> {
  await (stream === 'stdout' ? run.waitForStdout(ready) : run.waitForStderr(ready));
  run.child.kill('SIGINT');
  return (await run.result).code;
}

const BUG = /internal error: injected by the test[\s\S]*This is a bug in greenlight/;

describe('exit codes', () => {
  it('greenlight itself: 0 for --help, 2 for an unknown command', async () => {
    await expectExit(['--help'], 0, /Exit codes:[\s\S]*4 {4}internal error/);
    await expectExit(['frobnicate'], 2, /unknown command/);
  });

  it('list: 0, 2 for an unknown section, 4 for a bug', async () => {
    await expectExit(['list', 'profiles'], 0, /profiles:/);
    await expectExit(['list', 'nonsense'], 2, /Allowed choices are scenarios, faults, profiles/);
    await expectExit(['list', 'profiles'], 4, BUG, INJECT_BUG);
  });

  it('validate: 4 for a bug (0 and 2 in validate.test.ts)', async () => {
    await expectExit(['validate', 'scenarios/quickstart.ts'], 4, BUG, INJECT_BUG);
  });

  it('report: 0 pass, 1 fail, 2 not a run folder, 4 for a bug', async () => {
    await expectExit(['report', runFolder('passing', 0)], 0, /^verdict: PASS/m);
    await expectExit(['report', runFolder('failing', 5)], 1, /^verdict: FAIL/m);
    await expectExit(['report', folder], 2, /no journal\.ndjson here/);
    await expectExit(['report', runFolder('buggy', 0)], 4, BUG, INJECT_BUG);
  });

  it('cleanup: 0 with nothing to clean, 2 for a lease that is not one, 3 when a revert fails', async () => {
    const empty = join(folder, 'empty-reports');
    mkdirSync(empty);
    await expectExit(['cleanup', '--out', empty], 0, /0 fault\(s\) reverted/);
    const broken = join(folder, 'broken-lease');
    mkdirSync(broken);
    writeFileSync(join(broken, 'lease.json'), '{ not json');
    await expectExit(['cleanup', broken], 2, /not a greenlight lease file/);
    // A Toxiproxy that is there but fails every call: the toxic may still be live, so it stays leased.
    const failing = createHttpServer((_request, response) => response.writeHead(500).end('broken'));
    await new Promise<void>((resolve) => failing.listen(0, '127.0.0.1', resolve));
    const unreachable = join(folder, 'failing-toxiproxy');
    mkdirSync(unreachable);
    const lease = {
      name: 'slow',
      kind: 'latency',
      target: 'green',
      revert: {
        url: `http://127.0.0.1:${(failing.address() as { port: number }).port}`,
        proxy: 'green',
        toxic: 'slow',
      },
    };
    writeFileSync(join(unreachable, 'lease.json'), JSON.stringify({ pid: 1, faults: [lease] }));
    await expectExit(['cleanup', unreachable], 3, /could not revert latency "slow"/);
    failing.close();
    // One whose Toxiproxy no longer runs took the toxic with it: gone, not a failure.
    const gone = join(folder, 'gone-toxiproxy');
    mkdirSync(gone);
    const goneLease = { ...lease, revert: { ...lease.revert, url: await closedPortUrl() } };
    writeFileSync(join(gone, 'lease.json'), JSON.stringify({ pid: 1, faults: [goneLease] }));
    await expectExit(['cleanup', gone], 0, /latency "slow" on green: gone with its target/);
  });

  it('run and gate: 3 when the environment fails before anything starts (Prometheus unreachable)', async () => {
    const path = experiment('no-prometheus', `prometheus: { url: '${await closedPortUrl()}', slos: [] },`);
    await expectExit(['run', path, '--out', join(folder, 'reports')], 3, /Prometheus at .* is not ready/);
    await expectExit(['gate', path, '--out', join(folder, 'reports')], 3, /Prometheus at .* is not ready/);
  });

  it('gate: 2 when a colour gets no traffic', async () => {
    const path = experiment('one-sided', `target: { kind: 'embedded', router: { weights: { blue: 100, green: 0 } } },`);
    await expectExit(['gate', path], 2, /both need traffic/);
  });

  it('run: 4 for a bug, after the report is written; gate: 130 on Ctrl-C', async () => {
    await expectExit(['run', experiment('buggy-run'), '--out', join(folder, 'bug')], 4, BUG, INJECT_BUG);
    const gate = startCli([
      'gate',
      experiment('interrupted-gate', "phases: [{ name: 'only', duration: '20s' }],"),
      '--out',
      join(folder, 'gate'),
    ]);
    expect(await interrupt(gate, /run folder/)).toBe(130);
  });

  it('load: 130 on Ctrl-C', async () => {
    const load = startCli(['load', '--url', serviceUrl, '--rate', '5', '--duration', '30s']);
    expect(await interrupt(load, /greenlight load:/)).toBe(130);
  });

  it.each([
    ['toxiproxy', 'serve'],
    ['reference', 'serve', '--colour', 'blue'],
  ])('%s %s: 0 when stopped, 2 for a bad port, 3 for a port taken', async (...command) => {
    const server = startCli([...command, '--port', '0']);
    expect(await interrupt(server, /listening on/, 'stdout')).toBe(0);
    await expectExit([...command, '--port', 'seventy'], 2, /expected a whole number/);
    await expectExit([...command, '--port', String(takenPort)], 3, new RegExp(`127\\.0\\.0\\.1:${takenPort}.*in use`));
  });

  it('reference serve: 2 for knobs that are not knobs', async () => {
    await expectExit(['reference', 'serve', '--colour', 'green', '--knobs-json', '{"errorRate": 7}'], 2, /errorRate/);
  });

  it('gpu hold: 2 without an amount (3 without a GPU in faults/gpu/cuda.test.ts)', async () => {
    await expectExit(['gpu', 'hold'], 2, /give exactly one of --gib or --percent/);
  });
});
