import { describe, expect, it } from 'vitest';
import { PromptWords } from '../../../src/load/workloads/prompt-words.js';
import { Random } from '../../../src/util/random.js';

describe('PromptWords', () => {
  it('gives N words of the ring from the offset on, wrapping around it as often as needed', () => {
    const prompts = new PromptWords(new Random(3));
    // The ring itself, read back one word at a time.
    const ring = prompts.text(0, 4096).split(' ');
    expect(ring).toHaveLength(4096);
    const expected = (offset: number, tokens: number): string =>
      Array.from({ length: tokens }, (_, k) => ring[(offset + k) % ring.length]).join(' ');
    for (const [offset, tokens] of [
      [0, 1],
      [17, 256],
      [4095, 1],
      [4095, 2],
      [4000, 200],
      [10, 4096],
      [3000, 9000],
    ] as const) {
      const text = prompts.text(offset, tokens);
      expect(text).toBe(expected(offset, tokens));
      expect(text.split(' ')).toHaveLength(tokens);
    }
  });

  it('draws one offset per prompt from its seeded stream', () => {
    const a = new PromptWords(new Random(9));
    const b = new PromptWords(new Random(9));
    expect([a.offset(), a.offset(), a.offset()]).toEqual([b.offset(), b.offset(), b.offset()]);
  });
});
