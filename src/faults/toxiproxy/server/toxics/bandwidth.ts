import { SerialBehaviour, type Hold } from './serial.js';
import { defineToxic, passThrough, type Chunk, type ChunkOutlet } from './toxic.js';

const SLICE_INTERVAL_MS = 100;

/**
 * Limits the rate to `rate` KB/s (1 KB = 1000 bytes). As in Toxiproxy, a chunk larger than
 * 100 ms worth of bytes goes out in 100 ms slices, and the sleep owed carries from chunk to
 * chunk, so timer slack is paid back on the next one. A rate of 0 or less sets no limit.
 */
export const bandwidthToxic = defineToxic({
  type: 'bandwidth',
  attributes: ['rate'],
  start: ({ rate }, { output }) => (rate > 0 ? new BandwidthBehaviour(output, rate) : passThrough(output)),
});

class BandwidthBehaviour extends SerialBehaviour {
  /** Milliseconds of sending time owed, carried across chunks. */
  private owed = 0;

  constructor(
    output: ChunkOutlet,
    private readonly rate: number,
  ) {
    super(output);
  }

  protected *handle(chunk: Chunk): Generator<Hold, void, void> {
    const sliceBytes = this.rate * SLICE_INTERVAL_MS;
    let data = chunk.data;
    this.owed += data.length / this.rate;
    while (data.length > sliceBytes) {
      yield { ms: SLICE_INTERVAL_MS, unsent: { data, timestamp: chunk.timestamp } };
      this.output.forward({ data: data.subarray(0, sliceBytes), timestamp: chunk.timestamp });
      data = data.subarray(sliceBytes);
      this.owed -= SLICE_INTERVAL_MS;
    }
    const start = performance.now();
    yield { ms: this.owed, unsent: { data, timestamp: chunk.timestamp } };
    this.owed -= performance.now() - start;
    this.output.forward({ data, timestamp: chunk.timestamp });
  }
}
