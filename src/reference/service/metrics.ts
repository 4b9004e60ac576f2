import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Colour } from '../../shared/colour.js';
import type { FailureKind } from './failures.js';
import type { SchedulerObserver } from './scheduler.js';

/** Live values the gauges read at scrape time. */
export interface GaugeReadings {
  queued: number;
  running: number;
  kvUsedMiB: number;
  kvBudgetMiB: number;
  pressureMiB: number;
}

/** Plain counters for /admin/state; /metrics exposes the same events in Prometheus form. */
export interface ServiceCounters {
  requests: number;
  tokensGenerated: number;
  queueRejections: number;
  queueTimeouts: number;
  oomErrors: number;
  preemptions: number;
  injectedErrors: number;
}

const COUNTER_OF_FAILURE = {
  'queue-full': 'queueRejections',
  'queue-timeout': 'queueTimeouts',
  oom: 'oomErrors',
  preempted: 'preemptions',
  injected: 'injectedErrors',
  'mid-stream': 'injectedErrors',
  cut: 'injectedErrors',
} as const satisfies Record<FailureKind, keyof ServiceCounters>;

const LATENCY_BUCKETS_S = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
const PREFIX = 'greenlight_reference_';

/** The service's own prom-client registry (never the global one: blue and green share a process). */
export class ServiceMetrics implements SchedulerObserver {
  readonly registry = new Registry();
  readonly counters: ServiceCounters = {
    requests: 0,
    tokensGenerated: 0,
    queueRejections: 0,
    queueTimeouts: 0,
    oomErrors: 0,
    preemptions: 0,
    injectedErrors: 0,
  };
  private readonly requests: Counter<'endpoint' | 'status'>;
  private readonly ttft: Histogram<'endpoint'>;
  private readonly e2e: Histogram<'endpoint'>;
  private readonly tokens: Counter;
  private readonly preemptions: Counter;
  private readonly oomErrors: Counter;

  constructor(colour: Colour, read: () => GaugeReadings) {
    this.registry.setDefaultLabels({ colour });
    const registers = [this.registry];
    this.requests = new Counter({
      name: `${PREFIX}requests_total`,
      help: 'Requests by endpoint and status (a stream cut by an error counts under the error status; 499: client went away)',
      labelNames: ['endpoint', 'status'],
      registers,
    });
    this.ttft = new Histogram({
      name: `${PREFIX}time_to_first_token_seconds`,
      help: 'Arrival to first output token, completed generations',
      labelNames: ['endpoint'],
      buckets: LATENCY_BUCKETS_S,
      registers,
    });
    this.e2e = new Histogram({
      name: `${PREFIX}e2e_request_latency_seconds`,
      help: 'Arrival to last output token, completed requests',
      labelNames: ['endpoint'],
      buckets: LATENCY_BUCKETS_S,
      registers,
    });
    this.tokens = new Counter({ name: `${PREFIX}generated_tokens_total`, help: 'Output tokens generated', registers });
    this.preemptions = new Counter({
      name: `${PREFIX}preemptions_total`,
      help: 'Running sequences preempted because the KV-cache budget shrank',
      registers,
    });
    this.oomErrors = new Counter({
      name: `${PREFIX}oom_errors_total`,
      help: 'Requests whose KV reservation could never fit the budget',
      registers,
    });
    const gauge = (name: string, help: string, pick: (readings: GaugeReadings) => number): void => {
      new Gauge({
        name: `${PREFIX}${name}`,
        help,
        registers,
        collect() {
          this.set(pick(read()));
        },
      });
    };
    gauge('queue_depth', 'Requests waiting for admission', (r) => r.queued);
    gauge('running_sequences', 'Sequences admitted (prefill or decode)', (r) => r.running);
    gauge('kv_cache_used_mib', 'KV cache reserved by running sequences, MiB', (r) => r.kvUsedMiB);
    gauge('kv_cache_budget_mib', 'KV-cache budget left by weights, pressure and leak, MiB', (r) => r.kvBudgetMiB);
    gauge('vram_pressure_mib', 'Simulated outside VRAM pressure, MiB', (r) => r.pressureMiB);
  }

  tokenGenerated(): void {
    this.counters.tokensGenerated++;
    this.tokens.inc();
  }

  sequenceFailed(kind: FailureKind): void {
    this.counters[COUNTER_OF_FAILURE[kind]]++;
    if (kind === 'preempted') this.preemptions.inc();
    if (kind === 'oom') this.oomErrors.inc();
  }

  requestServed(endpoint: string, status: number): void {
    this.counters.requests++;
    this.requests.inc({ endpoint, status: String(status) });
  }

  latency(endpoint: string, ttftMs: number | undefined, e2eMs: number): void {
    if (ttftMs !== undefined) this.ttft.observe({ endpoint }, ttftMs / 1000);
    this.e2e.observe({ endpoint }, e2eMs / 1000);
  }
}
