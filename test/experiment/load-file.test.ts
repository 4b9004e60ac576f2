import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { loadExperimentFile } from '../../src/experiment/load-file.js';

const folder = mkdtempSync(join(tmpdir(), 'greenlight-experiments-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function file(name: string, contents: string): string {
  const path = join(folder, name);
  writeFileSync(path, contents);
  return path;
}

async function loadError(path: string): Promise<InputError> {
  const error = await loadExperimentFile(path).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InputError);
  return error as InputError;
}

const minimal = `{
  name: 'minimal',
  load: { profile: { kind: 'constant', rate: 5 } },
  phases: [{ name: 'only', duration: '5s' }],
}`;

describe('loading experiment files', () => {
  it('loads the quick start scenario with its defaults filled in', async () => {
    const experiment = await loadExperimentFile('scenarios/quickstart.ts');
    expect(experiment.name).toBe('quickstart');
    expect(experiment.phases.map((p) => p.duration)).toEqual([10_000, 20_000, 10_000]);
    expect(experiment.target).toMatchObject({ kind: 'embedded', router: { controller: { enabled: true } } });
    expect(experiment.rollback.rules[0]).toMatchObject({ window: 10_000, within: 15_000, switchTo: 'blue' });
  });

  it("resolves `import { defineExperiment } from 'greenlight'` and local imports", async () => {
    file('shared-phases.ts', `export const phases = [{ name: 'only', duration: '5s' }] as const;`);
    const path = file(
      'with-imports.ts',
      `import { defineExperiment } from 'greenlight';\nimport { phases } from './shared-phases';\n` +
        `export default defineExperiment({ name: 'imports', load: { profile: { kind: 'constant', rate: 5 } }, phases: [...phases] });`,
    );
    expect((await loadExperimentFile(path)).name).toBe('imports');
  });

  it('loads JSON and plain JavaScript', async () => {
    const json = file(
      'plain.json',
      JSON.stringify({
        name: 'json',
        load: { profile: { kind: 'constant', rate: 1 } },
        phases: [{ name: 'p', duration: 1000 }],
      }),
    );
    expect((await loadExperimentFile(json)).name).toBe('json');
    expect((await loadExperimentFile(file('plain.mjs', `export default ${minimal};`))).name).toBe('minimal');
  });

  it('names the file and the line of a syntax error', async () => {
    const path = file('broken.ts', `export default { name: 'broken', phases: [ };\n`);
    const error = await loadError(path);
    expect(error.message).toContain('broken.ts:1:');
    expect(error.message).toContain('cannot compile the experiment');
  });

  it('says an empty file exports nothing', async () => {
    const error = await loadError(file('empty.ts', ''));
    expect(error.message).toContain('empty.ts');
    expect(error.message).toContain('no default export');
  });

  it('names every wrongly shaped field', async () => {
    const path = file(
      'shape.ts',
      `export default {
        name: 'shape',
        load: { profile: { kind: 'zigzag', rate: 5 } },
        phases: [{ name: 'a', duration: 'soon' }],
        faults: [{ name: 'f', kind: 'latency', target: 'purple', during: 'nowhere', latency: 100 }],
        slos: [{ name: 's', metric: 'error-rate' }],
        surprise: true,
      };`,
    );
    const message = (await loadError(path)).message;
    expect(message).toContain('shape.ts:');
    expect(message).toContain('load.profile.kind');
    expect(message).toContain('phases.0.duration: expected a duration such as 500ms, 10s, 1m30s; got "soon"');
    expect(message).toContain('faults.0.target');
    expect(message).toContain('slos.0');
    expect(message).toContain('surprise');
  });

  it('checks references between sections', async () => {
    const path = file(
      'references.ts',
      `export default { ...${minimal}, faults: [{ name: 'f', kind: 'latency', target: 'green', during: 'nowhere', latency: 100 }] };`,
    );
    expect((await loadError(path)).message).toContain('faults.0.during: no phase named "nowhere" (phases: only)');
  });

  it('refuses a rollback rule on failed health checks, which only a controller can observe', async () => {
    const path = file(
      'health.ts',
      `export default { ...${minimal}, rollback: { rules: [{ name: 'h', colour: 'green', metric: 'health-failures', above: 0.1 }] } };`,
    );
    expect((await loadError(path)).message).toContain(
      'rollback.rules.0.metric: health-failures can only drive a controller',
    );
  });

  it('reports a missing file as bad input', async () => {
    expect((await loadError(join(folder, 'absent.ts'))).message).toContain('no such experiment file');
  });

  it('reports an experiment that throws while loading', async () => {
    const error = await loadError(file('throws.ts', `throw new Error('kaboom'); export default {};`));
    expect(error.message).toContain('kaboom');
  });
});
