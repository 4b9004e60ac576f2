import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { connect } from 'node:net';
import { join } from 'node:path';
import { Toxiproxy } from 'toxiproxy-node-client';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workloadSchema } from '../../../src/experiment/load-schema.js';
import { COMPOSE_PROJECT_LABEL } from '../../../src/targets/compose/discover.js';
import { startComposeProject, type RunningComposeProject } from '../../../src/targets/compose/project.js';
import { checkRouterCost } from '../../../src/targets/router-cost/check.js';
import { createRouterObserver } from '../../../src/targets/routers/create.js';
import type { Summary } from '../../../src/evaluate/summary.js';
import { docker, onlyRunDir, skipDocker } from '../../faults/docker/docker-support.js';
import { runCli } from '../../support/cli.js';
import { startUserStack } from '../../support/user-stack/index.js';

/**
 * docker-compose.chaos.yml for real, with the local override (images built FROM scratch on this
 * host), through the real Docker Compose CLI (Debian's docker-compose 1.29 here): Toxiproxy
 * (greenlight toxiproxy serve with docker/compose/toxiproxy.json), blue, green, HAProxy with its
 * runtime API and exporter, Prometheus. Host networking on the file's fixed loopback ports, so a
 * port already taken fails the suite at once, naming it.
 */
const ROOT = join(import.meta.dirname, '..', '..', '..');
const FILES = ['docker-compose.chaos.yml', 'docker/compose/docker-compose.local.yml'];
const PORTS = [8080, 8405, 8474, 9090, 9101, 9102, 9999, 19101, 19102];

function inUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

async function projectLeftovers(project: string): Promise<number> {
  const filter = { label: [`${COMPOSE_PROJECT_LABEL}=${project}`] };
  const containers = await docker.listContainers({ all: true, filters: filter });
  const networks = await docker.listNetworks({ filters: filter });
  const volumes = (await docker.listVolumes({ filters: filter })).Volumes ?? [];
  return containers.length + networks.length + volumes.length;
}

describe.skipIf(skipDocker)('docker-compose.chaos.yml with the local images, through docker-compose', () => {
  const project = `greenlight-chaos-test-${randomBytes(3).toString('hex')}`;
  let stack: RunningComposeProject | undefined;

  beforeAll(async () => {
    const taken = [];
    for (const port of PORTS) if (await inUse(port)) taken.push(port);
    if (taken.length > 0) throw new Error(`the chaos stack's loopback ports ${taken.join(', ')} are in use`);
    stack = await startComposeProject({ files: FILES, project, cwd: ROOT, readyTimeoutMs: 90_000 });
  }, 150_000);

  afterAll(async () => {
    await stack?.down();
  }, 60_000);

  it('finds every part by its greenlight.* labels', () => {
    expect(stack?.broughtUp).toBe(true);
    const parts = stack!.parts;
    expect(parts.colours.blue).toMatchObject({
      service: 'blue',
      url: 'http://127.0.0.1:9101',
      toxiproxyProxy: 'greenlight-blue',
    });
    expect(parts.colours.green).toMatchObject({
      service: 'green',
      url: 'http://127.0.0.1:9102',
      toxiproxyProxy: 'greenlight-green',
    });
    expect(parts.colours.blue.containers).toHaveLength(1);
    expect(parts.router).toMatchObject({
      service: 'router',
      url: 'http://127.0.0.1:8080',
      observer: {
        kind: 'haproxy',
        runtimeApi: '127.0.0.1:9999',
        backend: 'deployments',
        servers: { blue: 'blue', green: 'green' },
      },
    });
    expect(parts.toxiproxy).toMatchObject({ service: 'toxiproxy', url: 'http://127.0.0.1:8474' });
    expect(parts.prometheus).toMatchObject({ service: 'prometheus', url: 'http://127.0.0.1:9090' });
  });

  it('answers a chat completion through HAProxy and Toxiproxy, from both colours', async () => {
    const colours = new Set<string>();
    for (let i = 0; i < 6; i++) {
      const response = await request('http://127.0.0.1:8080/v1/chat/completions', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'm', max_tokens: 4, messages: [{ role: 'user', content: 'hello' }] }),
        headersTimeout: 5000,
        bodyTimeout: 5000,
      });
      const body = (await response.body.json()) as { choices: { message: { content: string } }[] };
      expect(response.statusCode).toBe(200);
      expect(body.choices[0]?.message.content.split(' ').filter(Boolean)).toHaveLength(4);
      colours.add(String(response.headers['x-greenlight-colour']));
    }
    expect(colours).toEqual(new Set(['blue', 'green']));

    const proxies = await new Toxiproxy(stack!.parts.toxiproxy!.url).getAll();
    expect(Object.keys(proxies).sort()).toEqual(['greenlight-blue', 'greenlight-green']);
    await expect(createRouterObserver(stack!.parts.router.observer).observe()).resolves.toEqual({
      active: 'split',
      weights: { blue: 50, green: 50 },
    });
  });

  it("passes first tokens on as they come (HAProxy's option http-no-delay), measured by the router-cost check", async () => {
    const event = await checkRouterCost(
      {
        routerUrl: stack!.parts.router.url,
        colourUrls: { blue: stack!.parts.colours.blue.url, green: stack!.parts.colours.green.url },
        workload: workloadSchema.parse({ mix: [{ request: { kind: 'chat', promptTokens: 16, maxTokens: 32 } }] }),
        seed: 1,
      },
      { router: 'haproxy', durationMs: 3000 },
    );
    process.stderr.write(`router cost through the compose HAProxy: ${JSON.stringify(event.colours)}\n`);
    expect(event.colours.map((row) => row.colour)).toEqual(['blue', 'green']);
    expect(event.holdsBackFirstTokens).toBe(false);
  });

  it('scrapes the services and HAProxy into Prometheus', async () => {
    const client = createRouterObserver({
      kind: 'promql',
      url: stack!.parts.prometheus!.url,
      share: {
        blue: 'haproxy_server_weight{proxy="deployments",server="blue"}',
        green: 'haproxy_server_weight{proxy="deployments",server="green"}',
      },
    });
    const deadline = Date.now() + 20_000;
    let seen: unknown;
    while (Date.now() < deadline) {
      seen = await client.observe().catch((error: unknown) => String(error));
      if (typeof seen === 'object') break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(seen).toEqual({ active: 'split', weights: { blue: 50, green: 50 } });
  });

  it('down leaves no container, network or volume of the project', async () => {
    expect(await projectLeftovers(project)).toBeGreaterThan(0);
    await stack!.down();
    await stack!.down();
    expect(await projectLeftovers(project)).toBe(0);
    for (const port of [8080, 9101, 9102]) expect(await inUse(port), `port ${port}`).toBe(false);
  }, 60_000);
});

/** What must agree between targets: the verdict, each rule's verdict and each SLO's pass. */
function verdicts(runDir: string): { verdict: string; rules: string[]; slos: string[] } {
  const summary = JSON.parse(readFileSync(join(runDir, 'summary.json'), 'utf8')) as Summary;
  return {
    verdict: summary.verdict,
    rules: summary.rollback.rules.map((rule) => `${rule.name}: ${rule.verdict}`),
    slos: summary.slos.map((slo) => `${slo.name}: ${slo.pass ? 'pass' : 'fail'}`),
  };
}

async function runQuickstart(out: string, args: string[], env: Record<string, string> = {}): Promise<string> {
  const result = await runCli(['run', 'scenarios/quickstart.ts', '--out', out, ...args], { timeoutMs: 200_000, env });
  expect(result.code, `${args.join(' ')}\n${result.stdout}\n${result.stderr}`).toBe(0);
  return onlyRunDir(out);
}

describe.skipIf(skipDocker)('the quick start on the embedded stack, an external target file and compose', () => {
  const folder = mkdtempSync(join(tmpdir(), 'greenlight-same-verdicts-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('gives the same verdicts on all three, and --target compose leaves nothing behind', async () => {
    const embedded = verdicts(await runQuickstart(join(folder, 'embedded'), []));

    const stack = await startUserStack();
    let external: ReturnType<typeof verdicts>;
    try {
      const target = join(folder, 'user-stack.yaml');
      writeFileSync(
        target,
        [
          'kind: external',
          'router:',
          `  url: ${stack.routerUrl}`,
          '  software: haproxy',
          `  observer: { kind: haproxy, runtimeApi: '${stack.haproxy.runtimeApi}', backend: ${stack.haproxy.backend}, servers: { blue: ${stack.haproxy.servers.blue}, green: ${stack.haproxy.servers.green} } }`,
          `  controller: { kind: reference, runtimeApi: '${stack.haproxy.runtimeApi}', backend: ${stack.haproxy.backend}, servers: { blue: ${stack.haproxy.servers.blue}, green: ${stack.haproxy.servers.green} } }`,
          'colours:',
          `  blue: { url: ${stack.colours.blue.url}, referenceAdmin: ${stack.colours.blue.url} }`,
          `  green: { url: ${stack.colours.green.url}, referenceAdmin: ${stack.colours.green.url} }`,
          `toxiproxy: { url: ${stack.toxiproxy.url}, proxies: { blue: ${stack.toxiproxy.proxies.blue}, green: ${stack.toxiproxy.proxies.green} } }`,
          '',
        ].join('\n'),
      );
      external = verdicts(await runQuickstart(join(folder, 'external'), ['--target', target]));
    } finally {
      await stack.stop();
    }

    const compose = verdicts(
      await runQuickstart(join(folder, 'compose'), ['--target', 'compose'], { COMPOSE_FILE: FILES.join(':') }),
    );
    expect(embedded.verdict).toBe('pass');
    expect(external).toEqual(embedded);
    expect(compose).toEqual(embedded);
    expect(await projectLeftovers('greenlight-chaos')).toBe(0);
  }, 600_000);
});
