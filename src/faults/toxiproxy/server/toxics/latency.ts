import type { Random } from '../../../../util/random.js';
import { SerialBehaviour, type Hold } from './serial.js';
import { defineToxic, type Chunk, type ChunkOutlet } from './toxic.js';

/**
 * Delays every chunk by latency ± jitter ms counted from when the proxy read it, not from when
 * the toxic got to it; chunks keep their order, so a chunk never overtakes the one before.
 * Jitter is drawn per chunk from [-jitter, jitter), as Toxiproxy's rand.Int63n(2·jitter) - jitter.
 */
export const latencyToxic = defineToxic({
  type: 'latency',
  attributes: ['latency', 'jitter'],
  start: ({ latency, jitter }, { output, random }) => new LatencyBehaviour(output, random, latency, jitter),
});

class LatencyBehaviour extends SerialBehaviour {
  constructor(
    output: ChunkOutlet,
    private readonly random: Random,
    private readonly latency: number,
    private readonly jitter: number,
  ) {
    super(output);
  }

  protected *handle(chunk: Chunk): Generator<Hold, void, void> {
    const sleep = this.delay() - (performance.now() - chunk.timestamp);
    yield { ms: sleep, unsent: chunk };
    // Moving the stamp on makes a second latency toxic further down the chain add its delay.
    this.output.forward({ data: chunk.data, timestamp: chunk.timestamp + sleep });
  }

  private delay(): number {
    return this.jitter > 0 ? this.latency + this.random.int(0, 2 * this.jitter - 1) - this.jitter : this.latency;
  }
}
