import { haproxyCommand, type HaproxySocket, type ServerState } from '../../shared/haproxy/runtime-api.js';
import type { Colour } from '../../shared/colour.js';
import type { Weights } from '../router/options.js';
import { sameWeights, type SwitchAuthor, type SwitchRecord, type TrafficControl } from '../router/traffic.js';

/** The backend's server that is each colour. */
export type ColourServers = Record<Colour, string>;

/**
 * HAProxy's split of one backend between the servers that are blue and green, as percent weights.
 * A switch is applied with `set weight <backend>/<server> <percent>` (HAProxy weights run 0–256,
 * so a percentage is a valid weight). A split that changes in HAProxy without this controller
 * (an operator's `set weight`) counts as an admin change and re-arms the rules.
 */
export class HaproxyTraffic implements TrafficControl {
  private weights: Weights;
  private readonly records: SwitchRecord[] = [];
  private adminChanges = 0;
  private writing: Promise<void> = Promise.resolve();
  private pendingWrites = 0;

  constructor(
    private readonly socket: HaproxySocket,
    private readonly backend: string,
    private readonly servers: ColourServers,
    initial: readonly ServerState[],
    private readonly onError: (message: string) => void,
    private readonly now: () => number = Date.now,
  ) {
    this.weights = percentWeights(initial, servers);
  }

  get current(): Weights {
    return { ...this.weights };
  }

  get adminRevision(): number {
    return this.adminChanges;
  }

  get switches(): readonly SwitchRecord[] {
    return this.records;
  }

  /** Takes in the servers' state as HAProxy reports it; ignored while a switch is being written. */
  refresh(states: readonly ServerState[]): void {
    if (this.pendingWrites > 0) return;
    const seen = percentWeights(states, this.servers);
    if (sameWeights(seen, this.weights)) return;
    this.weights = seen;
    this.adminChanges++;
  }

  set(to: Weights, reason: string, by: SwitchAuthor): SwitchRecord {
    const record: SwitchRecord = { at: this.now(), from: this.current, to: { ...to }, reason, by };
    this.weights = { ...to };
    this.records.push(record);
    if (by === 'admin') this.adminChanges++;
    this.pendingWrites++;
    this.writing = this.writing
      .then(() => this.write(to))
      .catch((error: unknown) => this.onError(error instanceof Error ? error.message : String(error)))
      .finally(() => this.pendingWrites--);
    return record;
  }

  /** Resolves once every switch made so far has reached HAProxy. */
  settled(): Promise<void> {
    return this.writing;
  }

  private async write(to: Weights): Promise<void> {
    // The colour gaining traffic first, so the backend never has every server at weight 0.
    const order = to.blue >= to.green ? (['blue', 'green'] as const) : (['green', 'blue'] as const);
    for (const colour of order) {
      const server = this.servers[colour];
      const answer = (
        await haproxyCommand(this.socket, `set weight ${this.backend}/${server} ${Math.round(to[colour])}`)
      ).trim();
      if (answer !== '') throw new Error(`HAProxy refused "set weight ${this.backend}/${server}": ${answer}`);
    }
  }
}

/** The configured weights of the colours' servers, in percent of their sum. */
export function percentWeights(states: readonly ServerState[], servers: ColourServers): Weights {
  const weightOf = (name: string): number => states.find((state) => state.server === name)?.weight ?? 0;
  const blue = weightOf(servers.blue);
  const green = weightOf(servers.green);
  const total = blue + green;
  if (total === 0) return { blue: 0, green: 0 };
  return { blue: (blue / total) * 100, green: (green / total) * 100 };
}
