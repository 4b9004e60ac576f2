import type { Random } from '../../../../util/random.js';
import { SerialBehaviour, type Hold } from './serial.js';
import { defineToxic, type Chunk, type ChunkOutlet } from './toxic.js';

/**
 * Slices each chunk into pieces of about average_size ± size_variation bytes, waiting `delay`
 * microseconds after each piece. Pieces come from splitting near the middle recursively, as in
 * Toxiproxy, so there is no tendency to a small piece at either end.
 */
export const slicerToxic = defineToxic({
  type: 'slicer',
  attributes: ['average_size', 'size_variation', 'delay'],
  start: (attributes, { output, random }) =>
    new SlicerBehaviour(output, random, attributes.average_size, attributes.size_variation, attributes.delay / 1000),
});

class SlicerBehaviour extends SerialBehaviour {
  constructor(
    output: ChunkOutlet,
    private readonly random: Random,
    private readonly averageSize: number,
    private readonly sizeVariation: number,
    private readonly delayMs: number,
  ) {
    super(output);
  }

  protected *handle(chunk: Chunk): Generator<Hold, void, void> {
    const { data, timestamp } = chunk;
    for (const [start, end] of this.pieces(0, data.length)) {
      this.output.forward({ data: data.subarray(start, end), timestamp });
      yield { ms: this.delayMs, unsent: { data: data.subarray(end), timestamp } };
    }
  }

  private pieces(start: number, end: number): [number, number][] {
    if (end - start - this.averageSize <= this.sizeVariation || end - start <= 1) return [[start, end]];
    const offset = this.sizeVariation > 0 ? this.random.int(0, 2 * this.sizeVariation - 1) - this.sizeVariation : 0;
    // Clamped so every piece holds at least one byte, whatever the attributes.
    const middle = Math.min(end - 1, Math.max(start + 1, start + Math.floor((end - start) / 2) + offset));
    return [...this.pieces(start, middle), ...this.pieces(middle, end)];
  }
}
