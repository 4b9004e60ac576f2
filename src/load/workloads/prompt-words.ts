import type { Random } from '../../util/random.js';

const WORDS = (
  'alpha bridge canyon delta ember falcon glacier harbor island jungle kernel lantern ' +
  'meadow nebula orchid prism quartz river summit tundra umbra valley willow zephyr'
).split(' ');

const RING_SIZE = 4096;

/**
 * Prompts of N words (the reference service counts words as tokens). A seeded ring of words is
 * drawn once; each prompt starts at a random place in it, so prompts differ (no accidental
 * prefix-cache hits) while building one costs a substring of the ring's text, not N draws.
 */
export class PromptWords {
  /** The ring's words, each followed by one space. */
  private readonly ring: string;
  /** Where each word starts in `ring`; the last entry is the ring's length. */
  private readonly starts: number[];

  constructor(private readonly random: Random) {
    const words = Array.from({ length: RING_SIZE }, () => WORDS[random.int(0, WORDS.length - 1)] as string);
    this.starts = [0];
    for (const word of words) this.starts.push((this.starts.at(-1) as number) + word.length + 1);
    this.ring = `${words.join(' ')} `;
  }

  /** Where the next prompt starts in the ring: the one draw a prompt takes. */
  offset(): number {
    return this.random.int(0, RING_SIZE - 1);
  }

  /** The prompt of `tokens` words starting at word `offset`, wrapping around the ring. */
  text(offset: number, tokens: number): string {
    let prompt = '';
    for (let from = offset, left = tokens; left > 0; from = 0) {
      const take = Math.min(left, RING_SIZE - from);
      left -= take;
      // The words and the space after each, but for the prompt's last word.
      prompt += this.ring.slice(this.starts[from], (this.starts[from + take] as number) - (left === 0 ? 1 : 0));
    }
    return prompt;
  }
}
