import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { workloadSchema } from '../../../src/experiment/load-schema.js';
import { readDataset } from '../../../src/load/workloads/dataset.js';
import { readWorkloadDatasets } from '../../../src/load/workloads/workload-datasets.js';
import { WorkloadSampler } from '../../../src/load/workloads/sampler.js';
import { Random } from '../../../src/util/random.js';

const folder = mkdtempSync(join(tmpdir(), 'greenlight-dataset-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function file(name: string, lines: readonly string[]): string {
  const path = join(folder, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

const DATASET = [
  JSON.stringify({ prompt: 'summarise the meadow report', maxTokens: 7 }),
  '',
  JSON.stringify({
    messages: [
      { role: 'system', content: 'be brief' },
      { role: 'user', content: 'name three rivers' },
    ],
  }),
];

describe('JSONL datasets', () => {
  it('reads prompts and conversations, skipping blank lines', () => {
    const prompts = readDataset(file('ok.jsonl', DATASET));
    expect(prompts).toEqual([
      {
        text: 'summarise the meadow report',
        messages: [{ role: 'user', content: 'summarise the meadow report' }],
        promptTokens: 4,
        maxTokens: 7,
      },
      {
        text: 'be brief\nname three rivers',
        messages: [
          { role: 'system', content: 'be brief' },
          { role: 'user', content: 'name three rivers' },
        ],
        promptTokens: 5,
        maxTokens: undefined,
      },
    ]);
  });

  it('names the file and line of a bad entry', () => {
    expect(() => readDataset(file('bad.jsonl', [DATASET[0]!, '{"prompt": 3}']))).toThrow(/bad\.jsonl:2: /);
    expect(() =>
      readDataset(file('both.jsonl', ['{"prompt": "a", "messages": [{"role": "user", "content": "b"}]}'])),
    ).toThrow(/both\.jsonl:1: give exactly one of "prompt" or "messages"/);
    expect(() => readDataset(file('json.jsonl', ['not json']))).toThrow(/json\.jsonl:1: not JSON/);
    expect(() => readDataset(join(folder, 'missing.jsonl'))).toThrow(/missing\.jsonl: cannot read it/);
  });

  it('sends dataset prompts: messages as given to chat, the text to completions, maxTokens from the line', () => {
    const dataset = file('mix.jsonl', DATASET);
    const workload = workloadSchema.parse({
      mix: [
        { request: { kind: 'chat', dataset, maxTokens: 50 } },
        { request: { kind: 'completions', dataset, maxTokens: 50 } },
      ],
    });
    const sampler = new WorkloadSampler(workload, 'm', new Random(3), readWorkloadDatasets(workload));
    const bodies = Array.from({ length: 40 }, () => sampler.next()).map((request) => ({
      kind: request.kind,
      body: JSON.parse(request.body) as { messages?: unknown[]; prompt?: string; max_tokens: number },
    }));
    const chats = bodies.filter((request) => request.kind === 'chat');
    const completions = bodies.filter((request) => request.kind === 'completions');
    expect(chats.length).toBeGreaterThan(5);
    expect(completions.length).toBeGreaterThan(5);
    expect(chats.some((request) => request.body.messages?.length === 2)).toBe(true);
    expect(completions.every((request) => typeof request.body.prompt === 'string')).toBe(true);
    for (const { body } of bodies) {
      const short = JSON.stringify(body).includes('meadow');
      expect(body.max_tokens).toBe(short ? 7 : 50);
    }
  });
});
