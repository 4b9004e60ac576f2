import type { Random } from '../../util/random.js';

const WORDS = (
  'alpha bridge canyon delta ember falcon glacier harbor island jungle kernel lantern ' +
  'meadow nebula orchid prism quartz river summit tundra umbra valley willow zephyr'
).split(' ');

const RING_SIZE = 4096;

/**
 * Prompts of N words (the reference service counts words as tokens). A seeded ring of words is
 * drawn once; each prompt starts at a random place in it, so prompts differ (no accidental
 * prefix-cache hits) while building one costs a slice, not N random draws.
 */
export class PromptWords {
  private readonly ring: string[];

  constructor(private readonly random: Random) {
    this.ring = Array.from({ length: RING_SIZE }, () => WORDS[random.int(0, WORDS.length - 1)] as string);
  }

  /** Where the next prompt starts in the ring: the one draw a prompt takes. */
  offset(): number {
    return this.random.int(0, RING_SIZE - 1);
  }

  /** The prompt of `tokens` words starting at `offset`, wrapping around the ring. */
  text(offset: number, tokens: number): string {
    const words: string[] = [];
    while (words.length < tokens) {
      const take = Math.min(tokens - words.length, RING_SIZE - offset);
      words.push(...this.ring.slice(offset, offset + take));
      offset = 0;
    }
    return words.join(' ');
  }
}
