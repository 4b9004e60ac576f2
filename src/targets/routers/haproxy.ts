import { EnvironmentError, errorMessage } from '../../errors.js';
import {
  describeHaproxySocket,
  effectiveWeight,
  haproxyCommand,
  parseServersState,
  type HaproxySocket,
  type ServerState,
} from '../../shared/haproxy/runtime-api.js';
import type { Colour } from '../../shared/colour.js';
import { activeOf, type RouterObserver, type RouterView } from '../router-observer.js';
import { percentShares } from './shares.js';

/**
 * Observes HAProxy through its runtime API (unix socket or TCP): `show servers state <backend>`
 * for the server that is each colour (named `blue` and `green` unless `servers` maps them). A
 * server in maintenance, draining or down (failing health checks) takes no new requests, so it
 * counts as weight 0. Weights are reported in percent of their sum.
 */
export class HaproxyObserver implements RouterObserver {
  readonly name = 'HAProxy runtime API';

  constructor(
    private readonly socket: HaproxySocket,
    private readonly backend: string,
    private readonly servers: Record<Colour, string> = { blue: 'blue', green: 'green' },
  ) {}

  async observe(): Promise<RouterView> {
    let answer: string;
    try {
      answer = await haproxyCommand(this.socket, `show servers state ${this.backend}`);
    } catch (error) {
      throw new EnvironmentError(
        `cannot read HAProxy's runtime API at ${describeHaproxySocket(this.socket)}: ${errorMessage(error)}`,
        { cause: error },
      );
    }
    let states: ServerState[];
    try {
      states = parseServersState(answer).filter((state) => state.backend === this.backend);
    } catch (error) {
      throw new EnvironmentError(
        `HAProxy at ${describeHaproxySocket(this.socket)}, backend "${this.backend}": ${errorMessage(error)}`,
        { cause: error },
      );
    }
    const weightOf = (colour: Colour): number => {
      const state = states.find((candidate) => candidate.server === this.servers[colour]);
      if (!state)
        throw new EnvironmentError(
          `HAProxy backend "${this.backend}" has no server "${this.servers[colour]}" (${colour})`,
        );
      return effectiveWeight(state);
    };
    const weights = percentShares({ blue: weightOf('blue'), green: weightOf('green') }) ?? { blue: 0, green: 0 };
    return { active: activeOf(weights), weights };
  }
}
