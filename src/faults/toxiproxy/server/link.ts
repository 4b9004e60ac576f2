import type { Socket } from 'node:net';
import type { Direction, ProxyToxic } from './proxy-toxic.js';
import { passThrough, type Chunk, type ChunkOutlet, type ToxicBehaviour, type ToxicSession } from './toxics/toxic.js';

/**
 * Bytes a link may hold inside its toxics before it stops reading its source (Toxiproxy's
 * bounded channels do the same); reading resumes once the toxics have let most of them go.
 */
const PAUSE_ABOVE_BYTES = 4 * 1024 * 1024;
const RESUME_BELOW_BYTES = 1024 * 1024;

export interface LinkEnds {
  readonly direction: Direction;
  /** Numbers the proxy's connections in accept order; seeds each toxic's per-connection stream. */
  readonly connectionId: number;
  readonly source: Socket;
  readonly destination: Socket;
  /** The end of the stream came out of the chain: time to close the destination. */
  onFinished(): void;
  /** A toxic asked for the whole connection to be reset. */
  onReset(): void;
}

/** One toxic's place in the chain of one link. */
class Stage {
  behaviour: ToxicBehaviour;
  inputEnded = false;
  /** Removed from the chain: whatever it still emits goes nowhere. */
  detached = false;

  constructor(
    readonly toxic: ProxyToxic,
    readonly session: ToxicSession,
    /** Cast once per connection and compared with the toxic's toxicity, also after an update. */
    readonly draw: number,
    start: (stage: Stage) => ToxicBehaviour,
  ) {
    this.behaviour = start(this);
  }
}

/**
 * One direction of one proxied connection (Toxiproxy's ToxicLink): bytes read from the source
 * run through the chain of toxics active for that direction and are written to the destination.
 * Toxics added, updated or removed while the connection is open take effect on it at once.
 */
export class ToxicLink {
  private readonly stages: Stage[];
  private heldBytes = 0;
  private paused = false;
  private sourceEnded = false;
  private finished = false;

  constructor(
    private readonly ends: LinkEnds,
    toxics: readonly ProxyToxic[],
  ) {
    this.stages = toxics.map((toxic) => this.openStage(toxic));
    ends.source.on('data', (data: Buffer) => this.receive(data));
    ends.destination.on('drain', () => this.updateFlow());
    // The client socket was accepted paused, so that nothing is read before the upstream answers.
    ends.source.resume();
  }

  get direction(): Direction {
    return this.ends.direction;
  }

  /** The source will send nothing more: it ended, failed or closed. */
  endInput(): void {
    if (this.sourceEnded) return;
    this.sourceEnded = true;
    this.deliverEnd(0);
  }

  addToxic(toxic: ProxyToxic): void {
    if (!this.finished) this.stages.push(this.openStage(toxic));
  }

  updateToxic(toxic: ProxyToxic): void {
    const stage = this.stages.find((candidate) => candidate.toxic === toxic);
    if (!stage) return;
    const leftovers = stage.behaviour.interrupt();
    stage.behaviour = this.startBehaviour(stage);
    for (const chunk of leftovers.chunks) stage.behaviour.push(chunk);
    if (leftovers.ended) stage.behaviour.end();
  }

  removeToxic(toxic: ProxyToxic): void {
    const index = this.stages.findIndex((candidate) => candidate.toxic === toxic);
    const stage = this.stages[index];
    if (!stage) return;
    const leftovers = stage.behaviour.interrupt();
    stage.behaviour.cleanup?.();
    stage.detached = true;
    this.stages.splice(index, 1);
    for (const chunk of leftovers.chunks) this.deliver(index, chunk);
    if (leftovers.ended) this.deliverEnd(index);
  }

  /** The connection is gone: stop every toxic and drop what they held. */
  dispose(): void {
    this.finished = true;
    for (const stage of this.stages.splice(0)) {
      stage.detached = true;
      stage.behaviour.interrupt();
    }
  }

  private openStage(toxic: ProxyToxic): Stage {
    const random = toxic.random.stream(`connection:${this.ends.connectionId}`);
    const draw = random.next();
    return new Stage(toxic, toxic.kind.open(random), draw, (stage) => this.startBehaviour(stage));
  }

  private startBehaviour(stage: Stage): ToxicBehaviour {
    const output = this.outlet(stage);
    return stage.draw < stage.toxic.toxicity
      ? stage.session.start(stage.toxic.attributes, output)
      : passThrough(output);
  }

  /** A stage's output goes to whatever follows it now, so chain changes apply to data in flight. */
  private outlet(stage: Stage): ChunkOutlet {
    return {
      forward: (chunk) =>
        stage.detached ? this.release(chunk.data.length) : this.deliver(this.stages.indexOf(stage) + 1, chunk),
      end: () => {
        if (!stage.detached) this.deliverEnd(this.stages.indexOf(stage) + 1);
      },
      discard: (bytes) => this.release(bytes),
      reset: () => {
        if (!stage.detached) this.ends.onReset();
      },
    };
  }

  private receive(data: Buffer): void {
    if (this.sourceEnded) return;
    this.heldBytes += data.length;
    this.deliver(0, { data, timestamp: performance.now() });
    this.updateFlow();
  }

  private deliver(index: number, chunk: Chunk): void {
    const stage = this.stages[index];
    if (!stage) {
      this.write(chunk);
    } else if (stage.inputEnded) {
      this.release(chunk.data.length);
    } else {
      stage.behaviour.push(chunk);
    }
  }

  private deliverEnd(index: number): void {
    const stage = this.stages[index];
    if (!stage) {
      if (!this.finished) {
        this.finished = true;
        this.ends.onFinished();
      }
    } else if (!stage.inputEnded) {
      stage.inputEnded = true;
      stage.behaviour.end();
    }
  }

  private write(chunk: Chunk): void {
    this.release(chunk.data.length);
    const { destination } = this.ends;
    if (!this.finished && !destination.destroyed && chunk.data.length > 0) destination.write(chunk.data);
    this.updateFlow();
  }

  private release(bytes: number): void {
    this.heldBytes -= bytes;
    this.updateFlow();
  }

  private updateFlow(): void {
    const { source, destination } = this.ends;
    if (!this.paused && (this.heldBytes > PAUSE_ABOVE_BYTES || destination.writableNeedDrain)) {
      this.paused = true;
      source.pause();
    } else if (this.paused && this.heldBytes <= RESUME_BELOW_BYTES && !destination.writableNeedDrain) {
      this.paused = false;
      source.resume();
    }
  }
}
