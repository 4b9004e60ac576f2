import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { afterAll, describe, expect, it } from 'vitest';
import type { Summary } from '../../../src/evaluate/summary.js';
import { haproxyCommand, parseHaproxySocket } from '../../../src/shared/haproxy/runtime-api.js';
import { runCli } from '../../support/cli.js';
import { startUserStack, type UserStack } from '../../support/user-stack/index.js';
import { userStackTarget, writeTargetFile } from '../../support/user-stack/target-file.js';
import { haproxyAvailable } from '../haproxy/available.js';

/**
 * A team's router that requires credentials (HAProxy denies any request without the bearer
 * token and the API key): the target's headers — one from an environment variable, one written
 * in the file — reach the router for preflight, the router-cost probe and the whole load, and
 * neither value appears in the run folder (journal, summary, report, JUnit), on stdout or stderr.
 */
const folder = mkdtempSync(join(tmpdir(), 'greenlight-secrets-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const TOKEN = 'gl-token-5f0c2a9e7d41b8';
const API_KEY = 'written-in-file-93b1e6c07a';

const EXPERIMENT = join(folder, 'with-credentials.ts');
writeFileSync(
  EXPERIMENT,
  `export default {
  name: 'with-credentials',
  load: { profile: { kind: 'constant', rate: 8 }, workload: { mix: [{ request: { kind: 'chat', stream: true, promptTokens: 50, maxTokens: 16 } }] } },
  phases: [{ name: 'baseline', duration: '4s' }],
  slos: [{ name: 'every request answered', metric: 'error-rate', below: 0.001 }],
};
`,
);

/** The HAProxy frontend's counters: requests it took and requests its `http-request deny` refused. */
async function frontendCounters(stack: UserStack): Promise<{ requests: number; denied: number }> {
  const csv = await haproxyCommand(parseHaproxySocket(stack.haproxy.runtimeApi), 'show stat');
  const lines = csv.split('\n');
  const fields = (lines.find((line) => line.startsWith('# ')) ?? '').slice(2).split(',');
  const frontend = lines.map((line) => line.split(',')).find((v) => v[0] === 'chat_in' && v[1] === 'FRONTEND');
  const value = (name: string): number => Number(frontend?.[fields.indexOf(name)] ?? NaN);
  return { requests: value('req_tot'), denied: value('dreq') };
}

function filesUnder(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

describe.runIf(haproxyAvailable())('secrets in the target headers (a router that requires them)', () => {
  it('reach the router for preflight and load, and are written nowhere', async () => {
    const stack = await startUserStack({
      requiredHeaders: { Authorization: `Bearer ${TOKEN}`, 'X-Api-Key': API_KEY },
    });
    try {
      const refused = await request(`${stack.routerUrl}/v1/models`);
      await refused.body.dump();
      expect(refused.statusCode, 'the router denies a request without the credentials').toBe(403);
      const before = await frontendCounters(stack);

      const target = userStackTarget(stack);
      target.headers = { Authorization: { env: 'GL_TEST_TOKEN', prefix: 'Bearer ' }, 'X-Api-Key': API_KEY };
      const targetFile = writeTargetFile(join(folder, 'with-credentials.yaml'), target);
      const out = join(folder, 'reports');
      const env = { GL_TEST_TOKEN: TOKEN };

      const validated = await runCli(['validate', EXPERIMENT, '--target', targetFile], { env });
      expect(validated.code, validated.stderr).toBe(0);
      expect(validated.stdout).toContain(
        'headers Authorization (from $GL_TEST_TOKEN), X-Api-Key (written in the target)',
      );

      const result = await runCli(['run', EXPERIMENT, '--target', targetFile, '--out', out], {
        env,
        timeoutMs: 90_000,
      });
      const runDir = join(out, readdirSync(out)[0]!);
      const summary = JSON.parse(readFileSync(join(runDir, 'summary.json'), 'utf8')) as Summary;
      expect(summary.load.requests).toBeGreaterThan(20);
      expect(summary.load.errors, JSON.stringify(summary.load.outcomes)).toBe(0);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr).toContain(
        'headers     Authorization (from $GL_TEST_TOKEN), X-Api-Key (written in the target)',
      );

      const after = await frontendCounters(stack);
      expect(after.denied - before.denied, 'requests HAProxy denied during the run').toBe(0);
      expect(after.requests - before.requests).toBeGreaterThanOrEqual(summary.load.requests);

      const written = filesUnder(runDir);
      expect(written.map((path) => path.slice(runDir.length + 1))).toEqual(
        expect.arrayContaining(['journal.ndjson', 'summary.json', 'index.html', 'junit.xml']),
      );
      for (const [where, text] of [
        ...written.map((path) => [path, readFileSync(path, 'latin1')] as const),
        ['stdout', result.stdout + validated.stdout] as const,
        ['stderr', result.stderr + validated.stderr] as const,
      ]) {
        expect(text.includes(TOKEN), `the token in ${where}`).toBe(false);
        expect(text.includes(API_KEY), `the API key in ${where}`).toBe(false);
      }
      expect(readFileSync(join(runDir, 'journal.ndjson'), 'utf8')).toContain('"X-Api-Key":"<redacted>"');
    } finally {
      await stack.stop();
    }
  }, 120_000);
});
