import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { NO_STACK_TRACE, runCli } from '../../support/cli.js';

/**
 * `greenlight validate --target` prints everything a run touches and what it does there, and a
 * fault on anything the target does not declare is refused with exit 2 by validate and by run,
 * before anything starts. Nothing here connects: the hosts in these files need not exist (the
 * addresses are loopback all the same, and the ports closed).
 */
const folder = mkdtempSync(join(tmpdir(), 'greenlight-blast-radius-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function write(name: string, contents: string): string {
  const path = join(folder, name);
  writeFileSync(path, contents);
  return path;
}

function experiment(name: string, faults: string): string {
  return write(
    `${name}.ts`,
    `export default {
  name: '${name}',
  load: { profile: { kind: 'constant', rate: 5 }, workload: { mix: [{ request: { kind: 'chat', promptTokens: 20, maxTokens: 8 } }] } },
  phases: [{ name: 'baseline', duration: '2s' }, { name: 'fault', duration: '2s' }],
  faults: [${faults}],
};
`,
  );
}

const TOXIPROXY = 'http://127.0.0.1:18474';
const ROUTER = 'http://127.0.0.1:18080';
const BLUE = 'http://127.0.0.1:18101';
const GREEN = 'http://127.0.0.1:18102';

/** A team's stack: HAProxy (runtime API), both colours direct, green a reference service with a container and GPU 0, a Toxiproxy. */
const FULL_TARGET = write(
  'full.yaml',
  `kind: external
router:
  url: ${ROUTER}
  software: haproxy
  observer: { kind: haproxy, runtimeApi: '127.0.0.1:19999', backend: llm_pool, servers: { blue: vllm-blue-1, green: vllm-green-1 } }
  controller: { kind: reference, runtimeApi: '127.0.0.1:19999', backend: llm_pool, servers: { blue: vllm-blue-1, green: vllm-green-1 } }
colours:
  blue: { url: ${BLUE} }
  green: { url: ${GREEN}, container: 'name:vllm-green', referenceAdmin: ${GREEN}, gpu: { device: 0 } }
headers:
  Authorization: { env: GL_BLAST_TOKEN, prefix: 'Bearer ' }
toxiproxy:
  url: ${TOXIPROXY}
  proxies: { blue: { listen: '127.0.0.1:18201', upstream: '127.0.0.1:18101' }, green: user-green }
`,
);

/** Only green's proxy is declared, no container, no reference admin, GPU 0 for green. */
const NARROW_TARGET = write(
  'narrow.yaml',
  `kind: external
router: { url: ${ROUTER}, observer: { kind: response-header } }
colours:
  green: { url: ${GREEN}, gpu: { device: 0 } }
toxiproxy: { url: ${TOXIPROXY}, proxies: { green: user-green } }
`,
);

describe('the blast radius of an external target', () => {
  it('lists every URL, proxy, container, GPU and admin API, and what the run does there', async () => {
    const path = experiment(
      'everything',
      `{ name: 'green-slow', kind: 'latency', target: 'green', during: 'fault', latency: 100 },
       { name: 'green-vram', kind: 'gpu-memory-pressure', target: 'green', during: 'fault', gib: 4 },
       { name: 'green-frozen', kind: 'container-pause', target: 'green', at: '2s', for: '1s' }`,
    );
    const result = await runCli(['validate', path, '--target', FULL_TARGET]);
    expect(result.code, result.stderr).toBe(0);
    const radius = result.stdout.slice(result.stdout.indexOf('blast radius'));
    const lines: [string, string][] = [
      [
        '127.0.0.1:19999',
        'router observer, reads only: HAProxy runtime API 127.0.0.1:19999: reads "show servers state llm_pool"',
      ],
      [
        '127.0.0.1:19999',
        "HAProxy runtime API: greenlight's reference controller sets the weights of backend llm_pool (servers vllm-blue-1, vllm-green-1); the weights it found are set back after the run",
      ],
      [BLUE, 'blue: preflight (GET /v1/models or /api/tags) and the router-cost probe'],
      [
        `${TOXIPROXY} (127.0.0.1:18201 → 127.0.0.1:18101)`,
        'Toxiproxy, blue: creates a proxy listening on 127.0.0.1:18201, removes it after the run',
      ],
      [GREEN, 'green: preflight (GET /v1/models or /api/tags) and the router-cost probe'],
      [
        `${TOXIPROXY} proxy user-green`,
        'Toxiproxy, green: checked it exists; the toxics greenlight adds are removed after the run, the proxy is never removed',
      ],
      [
        'Docker container name:vllm-green',
        'green: looked up and audited after the run; what a container fault changes is restored, the container is never removed',
      ],
      [
        `${GREEN}/admin`,
        'green: reference admin API, checked in preflight and its simulated VRAM read after the run (cleanup audit)',
      ],
      ['GPU 0 of this host', 'green: declared; GPU memory pressure may go here'],
      [ROUTER, 'load: constant 5 rps, headers Authorization (from $GL_BLAST_TOKEN)'],
      [`${TOXIPROXY} proxy user-green`, 'fault "green-slow": latency +100 ms downstream on green'],
      [
        `${GREEN} (simulated VRAM)`,
        'fault "green-vram": GPU memory pressure: 4 GiB of VRAM taken on green (simulated)',
      ],
      ['container name:vllm-green (green)', 'fault "green-frozen": '],
    ];
    for (const [where, what] of lines) expect(radius).toContain(`  ${where}\n      ${what}`);
    expect(radius.match(/^ {2}\S/gm)).toHaveLength(lines.length);
  });

  const REFUSALS: { name: string; faults: string; target: string; missing: string }[] = [
    {
      name: 'a network fault on a colour with no proxy declared',
      faults: `{ name: 'blue-slow', kind: 'latency', target: 'blue', during: 'fault', latency: 100 }`,
      target: NARROW_TARGET,
      missing:
        'fault "blue-slow" (latency on blue): the target declares no Toxiproxy proxy for blue (toxiproxy.proxies.blue)',
    },
    {
      name: 'a container fault on a container the target does not declare',
      faults: `{ name: 'db-pause', kind: 'container-pause', target: 'name:team-postgres', at: '2s', for: '1s' }`,
      target: FULL_TARGET,
      missing:
        'fault "db-pause" (container-pause on name:team-postgres): "name:team-postgres" is not a container the target declares (colours.blue.container, colours.green.container)',
    },
    {
      name: 'a container fault on a colour that declares no container',
      faults: `{ name: 'green-kill', kind: 'container-kill', target: 'green', at: '2s' }`,
      target: NARROW_TARGET,
      missing:
        'fault "green-kill" (container-kill on green): the target declares no container for green (colours.green.container)',
    },
    {
      name: 'a container fault on the embedded target',
      faults: `{ name: 'green-kill', kind: 'container-kill', target: 'green', at: '2s' }`,
      target: 'embedded',
      missing:
        'fault "green-kill" (container-kill on green): the embedded target runs no containers (use kind containers, compose or external)',
    },
    {
      name: 'simulated GPU pressure without a reference admin API',
      faults: `{ name: 'green-vram', kind: 'gpu-memory-pressure', target: 'green', during: 'fault', gib: 4 }`,
      target: NARROW_TARGET,
      missing:
        'fault "green-vram" (gpu-memory-pressure on green): simulated GPU pressure needs a reference service: declare colours.green.referenceAdmin',
    },
    {
      name: 'CUDA pressure on a GPU the target does not declare',
      faults: `{ name: 'green-oom', kind: 'gpu-memory-pressure', target: 'green', mode: 'cuda', device: 1, during: 'fault', gib: 4 }`,
      target: NARROW_TARGET,
      missing:
        'fault "green-oom" (gpu-memory-pressure on green): the target declares no GPU 1 for green (colours.green.gpu.device)',
    },
  ];

  it.each(REFUSALS)(
    'refuses $name: exit 2 from validate and run, naming it, before anything starts',
    async ({ name, faults, target, missing }) => {
      const path = experiment(name.replace(/\W+/g, '-'), faults);
      const validated = await runCli(['validate', path, '--target', target]);
      expect(validated.code, validated.stdout + validated.stderr).toBe(2);
      expect(validated.stderr).toContain('refused: it would touch what the target');
      expect(validated.stderr).toContain(missing);
      expect(validated.stderr).not.toMatch(NO_STACK_TRACE);
      expect(validated.stdout).toBe('');

      const out = join(folder, `${name.replace(/\W+/g, '-')}-reports`);
      const run = await runCli(['run', path, '--target', target, '--out', out]);
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr).toContain(missing);
      expect(run.stderr).not.toMatch(/run folder/);
      expect(existsSync(out)).toBe(false);
    },
  );
});
