import type { Chunk, ChunkOutlet, Leftovers, ToxicBehaviour } from './toxic.js';

/** A pause while handling one chunk; `unsent` goes out at once if the toxic is interrupted meanwhile. */
export interface Hold {
  readonly ms: number;
  readonly unsent: Chunk;
}

/**
 * A toxic that handles chunks one at a time, in arrival order, like Toxiproxy's Pipe loops:
 * `handle` forwards (parts of) the chunk and yields a Hold for every wait. A wait of zero or
 * less does not wait, as Go's time.After fires at once for it.
 */
export abstract class SerialBehaviour implements ToxicBehaviour {
  private readonly queue: Chunk[] = [];
  private endReceived = false;
  private endForwarded = false;
  private current: Generator<Hold, void, void> | undefined;
  private held: Chunk | undefined;
  private timer: NodeJS.Timeout | undefined;
  private running = false;

  constructor(protected readonly output: ChunkOutlet) {}

  protected abstract handle(chunk: Chunk): Generator<Hold, void, void>;

  push(chunk: Chunk): void {
    this.queue.push(chunk);
    this.run();
  }

  end(): void {
    this.endReceived = true;
    this.run();
  }

  interrupt(): Leftovers {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.held && this.held.data.length > 0) this.output.forward(this.held);
    this.held = undefined;
    this.current = undefined;
    return { chunks: this.queue.splice(0), ended: this.endReceived && !this.endForwarded };
  }

  private run(): void {
    if (this.running || this.timer) return;
    this.running = true;
    try {
      this.step();
    } finally {
      this.running = false;
    }
  }

  private step(): void {
    for (;;) {
      if (!this.current) {
        const next = this.queue.shift();
        if (next === undefined) {
          if (this.endReceived && !this.endForwarded) {
            this.endForwarded = true;
            this.output.end();
          }
          return;
        }
        this.current = this.handle(next);
      }
      const result = this.current.next();
      if (result.done) {
        this.current = undefined;
        continue;
      }
      if (result.value.ms > 0) {
        this.held = result.value.unsent;
        this.timer = setTimeout(() => {
          this.timer = undefined;
          this.held = undefined;
          this.run();
        }, result.value.ms);
        return;
      }
    }
  }
}
