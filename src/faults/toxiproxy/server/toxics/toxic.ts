import type { Random } from '../../../../util/random.js';

/** A piece of one direction's byte stream, stamped with when the proxy read it (performance.now()). */
export interface Chunk {
  readonly data: Buffer;
  readonly timestamp: number;
}

/** Where a toxic hands on what it lets through: the next toxic in the chain, or the socket. */
export interface ChunkOutlet {
  forward(chunk: Chunk): void;
  /** No more data in this direction; once it reaches the socket the connection closes. */
  end(): void;
  /** Bytes the toxic dropped for good (they never reach the other side). */
  discard(bytes: number): void;
  /** Aborts the whole connection with a TCP RST on both sockets. */
  reset(): void;
}

/** What a toxic had received but not started on when it was interrupted. */
export interface Leftovers {
  readonly chunks: readonly Chunk[];
  /** The end of the stream had reached the toxic and was not passed on yet. */
  readonly ended: boolean;
}

/** One toxic acting on one direction of one connection. */
export interface ToxicBehaviour {
  push(chunk: Chunk): void;
  end(): void;
  /**
   * Stops acting at once (the toxic is removed, updated or the connection is gone): hands on
   * the chunk in hand, as Toxiproxy does rather than drop data, cancels every timer, and
   * returns what it had not started on.
   */
  interrupt(): Leftovers;
  /** Toxiproxy's CleanupToxic hook: runs after interrupt() when the toxic is removed for good. */
  cleanup?(): void;
}

/** Toxiproxy's toxic attributes are all integers; an unset one is 0. */
export type ToxicAttributes = Readonly<Record<string, number>>;

/** The toxic's life on one direction of one connection, across attribute updates. */
export interface ToxicSession {
  start(attributes: ToxicAttributes, output: ChunkOutlet): ToxicBehaviour;
}

/** A toxic type as the registry knows it (`latency`, `timeout`, …). */
export interface ToxicKind {
  readonly type: string;
  /** Attribute names in the order Toxiproxy writes them in JSON. */
  readonly attributeNames: readonly string[];
  /** `random` is this connection's own stream for the toxic, for jitter and the like. */
  open(random: Random): ToxicSession;
}

export interface ToxicContext<State> {
  readonly output: ChunkOutlet;
  readonly random: Random;
  /** Per-connection state that survives attribute updates (limit_data's byte count). */
  readonly state: State;
}

interface StatefulToxicDefinition<Name extends string, State> {
  readonly type: string;
  readonly attributes: readonly Name[];
  newState(): State;
  start(attributes: Readonly<Record<Name, number>>, context: ToxicContext<State>): ToxicBehaviour;
}

export function defineStatefulToxic<Name extends string, State>(
  definition: StatefulToxicDefinition<Name, State>,
): ToxicKind {
  return {
    type: definition.type,
    attributeNames: definition.attributes,
    open(random) {
      const state = definition.newState();
      return {
        start: (attributes, output) =>
          definition.start(pick(definition.attributes, attributes), { output, random, state }),
      };
    },
  };
}

export function defineToxic<Name extends string>(
  definition: Omit<StatefulToxicDefinition<Name, undefined>, 'newState'>,
): ToxicKind {
  return defineStatefulToxic({ ...definition, newState: () => undefined });
}

function pick<Name extends string>(
  names: readonly Name[],
  attributes: ToxicAttributes,
): Readonly<Record<Name, number>> {
  return Object.fromEntries(names.map((name) => [name, attributes[name] ?? 0])) as Record<Name, number>;
}

/** Lets everything through untouched: the noop toxic, and any toxic a connection escaped by toxicity. */
export function passThrough(output: ChunkOutlet): ToxicBehaviour {
  return {
    push: (chunk) => output.forward(chunk),
    end: () => output.end(),
    interrupt: () => ({ chunks: [], ended: false }),
  };
}
