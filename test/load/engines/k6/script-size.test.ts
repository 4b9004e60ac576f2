import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadExperimentFile } from '../../../../src/experiment/load-file.js';
import type { Experiment } from '../../../../src/experiment/schema.js';
import { writeK6DryRun } from '../../../../src/runner/k6.js';

/** k6 compiles the script once per VU: its memory grows with the script's size times the VUs. */
const MAX_SCRIPT_BYTES = 100 * 1024;

const folder = mkdtempSync(join(tmpdir(), 'greenlight-k6-size-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** The quick start with its one request kind taking prompts from `dataset`. */
async function quickstartWithDataset(dataset: string): Promise<Experiment> {
  const experiment = await loadExperimentFile('scenarios/quickstart.ts');
  const request = { ...experiment.load.workload.mix[0]!.request, dataset };
  return { ...experiment, load: { ...experiment.load, workload: { mix: [{ weight: 1, request }] } } };
}

describe('the generated k6 script carries plain data, not the schema library', () => {
  it(`is at most ${MAX_SCRIPT_BYTES / 1024} KB for the quick start, with no zod inside`, async () => {
    const experiment = await loadExperimentFile('scenarios/quickstart.ts');
    const files = await writeK6DryRun(experiment, { outDir: folder });
    const size = statSync(files.scriptPath).size;
    expect(size).toBeLessThanOrEqual(MAX_SCRIPT_BYTES);
    const code = readFileSync(files.scriptPath, 'utf8');
    expect(code).not.toMatch(/ZodError|_zod\b|zod\/v4/);
    expect(code).not.toContain('readFileSync');
  });

  it('inlines a dataset as its prompts, already read and checked', async () => {
    const dataset = join(folder, 'prompts.jsonl');
    writeFileSync(
      dataset,
      '{"prompt": "name three rivers of Europe"}\n\n{"messages": [{"role": "user", "content": "hi"}]}\n',
    );
    const files = await writeK6DryRun(await quickstartWithDataset(dataset), { outDir: folder });
    const code = readFileSync(files.scriptPath, 'utf8');
    expect(code).toContain('name three rivers of Europe');
    expect(code).toMatch(/promptTokens: 5\b/);
    expect(statSync(files.scriptPath).size).toBeLessThanOrEqual(MAX_SCRIPT_BYTES);
  });

  it('refuses a bad dataset line before anything is bundled, naming the file and line', async () => {
    const dataset = join(folder, 'bad.jsonl');
    writeFileSync(dataset, '{"prompt": "fine"}\n{"prompt": 3}\n');
    await expect(writeK6DryRun(await quickstartWithDataset(dataset), { outDir: folder })).rejects.toThrow(
      /bad\.jsonl:2: /,
    );
  });
});
