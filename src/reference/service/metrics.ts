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
/**
 * vLLM's own metric names, types and labels (docs/design/metrics.md, vllm/v1/metrics/loggers.py:
 * `model_name` on every series), so an AnalysisTemplate or alert written for vLLM runs unchanged
 * against the practice stack. `gpu_cache_usage_perc` is the V0 name of `kv_cache_usage_perc`;
 * both are exported. `http_requests_total` is what vLLM's HTTP instrumentation
 * (prometheus-fastapi-instrumentator) exports, with statuses grouped as 2xx, 4xx, 5xx.
 */
const VLLM = 'vllm:';

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
  private readonly vllm: VllmMetrics;

  constructor(colour: Colour, model: string, read: () => GaugeReadings) {
    this.registry.setDefaultLabels({ colour });
    const registers = [this.registry];
    this.vllm = vllmMetrics(registers, model, read);
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
    this.vllm.generationTokens.inc();
  }

  sequenceFailed(kind: FailureKind): void {
    this.counters[COUNTER_OF_FAILURE[kind]]++;
    if (kind === 'preempted') {
      this.preemptions.inc();
      this.vllm.preemptions.inc();
    }
    if (kind === 'oom') this.oomErrors.inc();
  }

  requestServed(endpoint: string, status: number): void {
    this.counters.requests++;
    this.requests.inc({ endpoint, status: String(status) });
    if (endpoint !== 'unmatched')
      this.vllm.httpRequests.inc({ handler: endpoint, method: 'POST', status: `${Math.floor(status / 100)}xx` });
  }

  /** A completed generation: it ran to its token budget, which vLLM reports as finished_reason "length". */
  latency(endpoint: string, ttftMs: number | undefined, e2eMs: number): void {
    if (ttftMs !== undefined) {
      this.ttft.observe({ endpoint }, ttftMs / 1000);
      this.vllm.ttft.observe(ttftMs / 1000);
    }
    this.e2e.observe({ endpoint }, e2eMs / 1000);
    this.vllm.e2e.observe(e2eMs / 1000);
    this.vllm.success.inc({ finished_reason: 'length' });
  }
}

type Labels<L extends string> = Partial<Record<L, string>>;

/** vLLM's series, each labelled with the model's name. */
interface VllmMetrics {
  success: { inc(labels: Labels<'finished_reason'>): void };
  generationTokens: { inc(): void };
  preemptions: { inc(): void };
  ttft: { observe(seconds: number): void };
  e2e: { observe(seconds: number): void };
  httpRequests: Counter<'handler' | 'method' | 'status'>;
}

function vllmMetrics(registers: Registry[], model: string, read: () => GaugeReadings): VllmMetrics {
  const counter = <L extends string>(name: string, help: string, labelNames: L[] = []) => {
    const metric = new Counter<L | 'model_name'>({
      name: `${VLLM}${name}`,
      help,
      labelNames: ['model_name', ...labelNames],
      registers,
    });
    return {
      inc: (labels: Labels<L> = {}) => metric.inc({ ...labels, model_name: model } as Labels<L | 'model_name'>),
    };
  };
  const histogram = (name: string, help: string) => {
    const metric = new Histogram<'model_name'>({
      name: `${VLLM}${name}`,
      help,
      labelNames: ['model_name'],
      buckets: LATENCY_BUCKETS_S,
      registers,
    });
    return { observe: (seconds: number) => metric.observe({ model_name: model }, seconds) };
  };
  const gauge = (name: string, help: string, pick: (readings: GaugeReadings) => number): void => {
    new Gauge<'model_name'>({
      name: `${VLLM}${name}`,
      help,
      labelNames: ['model_name'],
      registers,
      collect() {
        this.set({ model_name: model }, pick(read()));
      },
    });
  };
  gauge('num_requests_running', 'Number of requests in model execution batches.', (r) => r.running);
  gauge('num_requests_waiting', 'Number of requests waiting to be processed.', (r) => r.queued);
  const usage = (r: GaugeReadings): number => (r.kvBudgetMiB > 0 ? Math.min(1, r.kvUsedMiB / r.kvBudgetMiB) : 1);
  gauge('kv_cache_usage_perc', 'KV-cache usage. 1 means 100 percent usage.', usage);
  gauge('gpu_cache_usage_perc', 'GPU KV-cache usage. 1 means 100 percent usage (vLLM V0 name).', usage);
  return {
    success: counter('request_success_total', 'Count of successfully processed requests.', ['finished_reason']),
    generationTokens: counter('generation_tokens_total', 'Number of generation tokens processed.'),
    preemptions: counter('num_preemptions_total', 'Cumulative number of preemption from the engine.'),
    ttft: histogram('time_to_first_token_seconds', 'Histogram of time to first token in seconds.'),
    e2e: histogram('e2e_request_latency_seconds', 'Histogram of e2e request latency in seconds.'),
    httpRequests: new Counter({
      name: 'http_requests_total',
      help: 'Total number of requests by method, status and handler.',
      labelNames: ['handler', 'method', 'status'],
      registers,
    }),
  };
}
