import { EnvironmentError, errorMessage } from '../../errors.js';
import {
  describeHaproxySocket,
  effectiveWeight,
  haproxyCommand,
  parseServersState,
  type HaproxySocket,
} from '../../shared/haproxy/runtime-api.js';
import { activeOf, type RouterObserver, type RouterView } from '../router-observer.js';

/**
 * Observes HAProxy through its runtime API: `show servers state <backend>` for the servers
 * named `blue` and `green`. A server in maintenance, draining or down (failing health checks)
 * takes no new requests, so it counts as weight 0. Weights are reported in percent of their sum.
 */
export class HaproxyObserver implements RouterObserver {
  readonly name = 'HAProxy runtime API';

  constructor(
    private readonly socket: HaproxySocket,
    private readonly backend: string,
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
    const states = parseServersState(answer).filter((state) => state.backend === this.backend);
    const weightOf = (server: string): number => {
      const state = states.find((candidate) => candidate.server === server);
      return state ? effectiveWeight(state) : 0;
    };
    const blue = weightOf('blue');
    const green = weightOf('green');
    const total = blue + green;
    const weights =
      total === 0 ? { blue: 0, green: 0 } : { blue: round((blue / total) * 100), green: round((green / total) * 100) };
    return { active: activeOf(weights), weights };
  }
}

function round(percent: number): number {
  return Math.round(percent * 100) / 100;
}
