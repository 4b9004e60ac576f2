import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freeLoopbackPort } from '../../../src/util/free-port.js';
import { skipDocker } from '../../faults/docker/docker-support.js';
import { NO_STACK_TRACE, runCli } from '../../support/cli.js';
import { startUserStack, type UserStack } from '../../support/user-stack/index.js';
import { snapshotUserStack } from '../../support/user-stack/snapshot.js';
import { userStackTarget, writeTargetFile, type ExternalTargetInput } from '../../support/user-stack/target-file.js';
import { haproxyAvailable } from '../haproxy/available.js';

/**
 * Preflight of an external target, through the CLI against the tests' user stack: whatever is
 * missing or wrong is named, with exit 3 (exit 2 for a header variable that is not set: bad
 * input), before any load or fault — no run folder — and the user's stack is as it was (a proxy
 * greenlight created before the failure is removed again).
 */
const folder = mkdtempSync(join(tmpdir(), 'greenlight-preflight-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const EXPERIMENT = join(folder, 'short.ts');
writeFileSync(
  EXPERIMENT,
  `export default {
  name: 'short',
  load: { profile: { kind: 'constant', rate: 5 }, workload: { mix: [{ request: { kind: 'chat', promptTokens: 20, maxTokens: 8 } }] } },
  phases: [{ name: 'baseline', duration: '2s' }, { name: 'fault', duration: '2s' }],
  faults: [{ name: 'green-slow', kind: 'latency', target: 'green', during: 'fault', latency: 50 }],
};
`,
);

describe.runIf(haproxyAvailable())('preflight of an external target (the user stack, real HAProxy)', () => {
  let stack: UserStack;
  let notAnApi: Server;
  let notAnApiUrl: string;
  let closedPort: number;

  beforeAll(async () => {
    stack = await startUserStack();
    notAnApi = createServer((_request, response) => response.writeHead(404).end('not found'));
    await new Promise<void>((resolve) => notAnApi.listen(0, '127.0.0.1', resolve));
    const address = notAnApi.address();
    notAnApiUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    closedPort = await freeLoopbackPort();
  }, 60_000);

  afterAll(async () => {
    await new Promise((resolve) => notAnApi.close(resolve));
    await stack.stop();
  });

  async function expectRefused(
    name: string,
    change: (target: ExternalTargetInput) => void,
    code: number,
    message: string | RegExp,
    env: Record<string, string> = {},
  ): Promise<void> {
    const before = await snapshotUserStack(stack);
    const target = userStackTarget(stack);
    change(target);
    const file = writeTargetFile(join(folder, `${name}.yaml`), target);
    const out = join(folder, `${name}-reports`);
    const result = await runCli(['run', EXPERIMENT, '--target', file, '--out', out], { timeoutMs: 60_000, env });
    expect(result.code, result.stderr).toBe(code);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(NO_STACK_TRACE);
    expect(existsSync(out), 'no run folder: nothing started').toBe(false);
    expect(await snapshotUserStack(stack)).toEqual(before);
  }

  it('the router URL does not answer: exit 3 naming it', async () => {
    const router = `http://127.0.0.1:${closedPort}`;
    await expectRefused(
      'router-unreachable',
      (target) => (target.router.url = router),
      3,
      `greenlight: preflight: the router at ${router} is not reachable: connect ECONNREFUSED`,
    );
  });

  it('a colour URL is not an OpenAI or Ollama API: exit 3 with what each answered', async () => {
    await expectRefused(
      'not-an-api',
      (target) => (target.colours!.green!.url = notAnApiUrl),
      3,
      `greenlight: preflight: green's own URL at ${notAnApiUrl} is not serving an OpenAI or Ollama API: GET /v1/models answered 404, GET /api/tags answered 404`,
    );
  });

  it('a reference admin API that is not one: exit 3 naming it', async () => {
    await expectRefused(
      'not-an-admin-api',
      (target) => (target.colours!.green!.referenceAdmin = notAnApiUrl),
      3,
      `greenlight: preflight: green's reference admin API at ${notAnApiUrl} is not a greenlight reference service: GET /admin/state answered 404`,
    );
  });

  it('a declared Toxiproxy proxy does not exist: exit 3 naming it, and the proxy greenlight had created is removed', async () => {
    await expectRefused(
      'no-such-proxy',
      (target) =>
        (target.toxiproxy!.proxies = {
          blue: { listen: '127.0.0.1:0', upstream: new URL(stack.colours.blue.url).host },
          green: 'team-green',
        }),
      3,
      `greenlight: target.toxiproxy.proxies.green: Toxiproxy at ${stack.toxiproxy.url} has no proxy "team-green"`,
    );
  });

  it("the router observer's HAProxy runtime API refuses: exit 3 naming it", async () => {
    await expectRefused(
      'observer-refused',
      (target) => {
        if (target.router.observer.kind === 'haproxy') target.router.observer.runtimeApi = `127.0.0.1:${closedPort}`;
      },
      3,
      `greenlight: preflight: the router observer (HAProxy runtime API) failed: cannot read HAProxy's runtime API at 127.0.0.1:${closedPort}: connect ECONNREFUSED`,
    );
  });

  it("the reference controller's HAProxy runtime API refuses: exit 3 naming it", async () => {
    await expectRefused(
      'controller-refused',
      (target) =>
        (target.router.controller = {
          kind: 'reference',
          runtimeApi: `127.0.0.1:${closedPort}`,
          backend: stack.haproxy.backend,
          servers: stack.haproxy.servers,
        }),
      3,
      `greenlight: target.router.controller: HAProxy's runtime API at 127.0.0.1:${closedPort} does not answer: connect ECONNREFUSED`,
    );
  });

  it('a header from an environment variable that is not set: exit 2 naming both', async () => {
    await expectRefused(
      'header-unset',
      (target) => (target.headers = { Authorization: { env: 'GL_PREFLIGHT_UNSET_TOKEN', prefix: 'Bearer ' } }),
      2,
      'greenlight: target.headers.Authorization: the environment variable GL_PREFLIGHT_UNSET_TOKEN is not set',
    );
  });

  it.skipIf(skipDocker)('a declared container does not exist (real Docker Engine): exit 3 naming it', async () => {
    await expectRefused(
      'no-such-container',
      (target) => (target.colours!.blue = { url: stack.colours.blue.url, container: 'name:greenlight-no-such-vllm' }),
      3,
      'greenlight: target.colours.blue.container: no Docker container matches "name:greenlight-no-such-vllm"',
    );
  });
});
