import { EnvironmentError, errorMessage } from '../../errors.js';
import type { PrometheusClient } from '../../metrics/prometheus.js';
import { COLOURS, type Colour } from '../../shared/colour.js';
import type { RouterObserver, RouterView } from '../router-observer.js';
import { viewOfValues } from './shares.js';

/**
 * Learns the split from Prometheus: one instant query per colour whose value is that colour's
 * share, weight or request rate (e.g. HAProxy's exporter's `haproxy_server_weight`, or
 * `sum(rate(…{colour="green"}[30s]))`), taken in percent of their sum. A query answering several
 * series counts their sum; one answering none counts 0. The split is as old as the scrapes.
 */
export class PromqlObserver implements RouterObserver {
  readonly name: string;

  constructor(
    private readonly client: PrometheusClient,
    private readonly share: Record<Colour, string>,
  ) {
    this.name = `PromQL at ${client.url}`;
  }

  async observe(): Promise<RouterView> {
    const values = {} as Record<Colour, number>;
    for (const colour of COLOURS) {
      try {
        const answer = await this.client.query(this.share[colour]);
        values[colour] =
          answer.kind === 'scalar' ? answer.value : answer.series.reduce((sum, sample) => sum + sample.value, 0);
      } catch (error) {
        throw new EnvironmentError(`router observer (PromQL, ${colour}): ${errorMessage(error)}`, { cause: error });
      }
    }
    return viewOfValues(values, `PromQL at ${this.client.url} (${this.share.blue} / ${this.share.green})`);
  }
}
