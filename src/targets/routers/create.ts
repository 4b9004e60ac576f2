import { InputError } from '../../errors.js';
import type { RouterObserverConfig } from '../../experiment/router-observer-schema.js';
import { PrometheusClient, prometheusUrl } from '../../metrics/prometheus.js';
import { parseHaproxySocket } from '../../shared/haproxy/runtime-api.js';
import type { RouterObserver } from '../router-observer.js';
import { CommandObserver } from './command.js';
import { HaproxyObserver } from './haproxy.js';
import { HttpJsonObserver } from './http-json.js';
import { PromqlObserver } from './promql.js';
import { ReferenceRouterObserver } from './reference.js';
import { ResponseHeaderObserver } from './response-header.js';

/**
 * The observer a validated configuration names (src/experiment/router-observer-schema.ts).
 * `where` is the configuration's place in its file, for messages (e.g. 'target.router.observer').
 */
export function createRouterObserver(config: RouterObserverConfig, where = 'router.observer'): RouterObserver {
  switch (config.kind) {
    case 'haproxy':
      return new HaproxyObserver(parseHaproxySocket(config.runtimeApi), config.backend, config.servers);
    case 'response-header':
      return new ResponseHeaderObserver();
    case 'promql':
      return new PromqlObserver(new PrometheusClient(observerPrometheusUrl(config.url, where)), config.share);
    case 'http-json':
      return new HttpJsonObserver(config.url, config.pointers, config.headers);
    case 'command':
      return new CommandObserver(config.argv as [string, ...string[]], config.timeout);
    case 'reference':
      return new ReferenceRouterObserver(config.url);
  }
}

/** One line for `validate`'s blast radius: what the observer reads (observers only ever read). */
export function describeRouterObserver(config: RouterObserverConfig): string {
  switch (config.kind) {
    case 'haproxy':
      return `HAProxy runtime API ${config.runtimeApi}: reads "show servers state ${config.backend}" (servers ${config.servers.blue} = blue, ${config.servers.green} = green)`;
    case 'response-header':
      return 'the x-greenlight-colour header of the run’s own responses';
    case 'promql':
      return `Prometheus ${config.url ?? '$PROMETHEUS_URL'}: instant queries ${config.share.blue} (blue), ${config.share.green} (green)`;
    case 'http-json':
      return `GET ${config.url}: ${config.pointers.blue} (blue), ${config.pointers.green} (green)`;
    case 'command':
      return `runs ${config.argv.join(' ')} (no shell, killed after ${config.timeout} ms)`;
    case 'reference':
      return `GET ${config.url}/_router/state`;
  }
}

function observerPrometheusUrl(configured: string | undefined, where: string): string {
  const url = configured ?? process.env.PROMETHEUS_URL;
  if (url === undefined || url === '')
    throw new InputError(`${where}.url: the PromQL router observer needs a Prometheus URL (set url or PROMETHEUS_URL)`);
  return prometheusUrl(url, configured ? `${where}.url` : 'PROMETHEUS_URL');
}
