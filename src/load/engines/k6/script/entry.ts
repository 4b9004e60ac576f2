// The k6 script greenlight bundles (see ../bundle.ts): it runs inside k6, not in Node.
import exec from 'k6/execution';
import http from 'k6/http';
import { Counter, Rate, Trend } from 'k6/metrics';
import type { Options } from 'k6/options';
import { COLOUR_HEADER, isColour } from '../../../../shared/colour.js';
import { Random } from '../../../../util/random.js';
import { WorkloadSampler } from '../../../workloads/sampler.js';
import { asRecord } from '../../../workloads/streams/json-fields.js';
import { FALLBACK_MODEL } from '../../native/model-discovery.js';
import { K6_METADATA, K6_METRICS, type K6ScriptInput } from '../script-input.js';
import { transportOutcome } from './transport-outcome.js';
import { readWholeBody } from './whole-body.js';

declare const GREENLIGHT_K6_INPUT: K6ScriptInput;
declare const __ENV: Record<string, string | undefined>;

const input = GREENLIGHT_K6_INPUT;
const baseUrl = __ENV['GREENLIGHT_TARGET_URL'] ?? input.url;
// A target's headers (an Authorization, say) come from the environment, never from the script file.
const targetHeaders = readTargetHeaders(__ENV['GREENLIGHT_HEADERS']);

export const options: Options = input.options;

const requests = new Trend(K6_METRICS.request, true);
const failedRate = new Rate(K6_METRICS.failed);
const ttftTrend = new Trend(K6_METRICS.ttft, true);
const succeeded = new Counter(K6_METRICS.succeeded);

interface SetupData {
  model: string;
}

/** Runs once before the load: the model every entry without one sends (as the native engine asks). */
export function setup(): SetupData {
  if (input.workload.mix.every((entry) => entry.request.model !== undefined)) return { model: FALLBACK_MODEL };
  const response = http.get(`${baseUrl}/v1/models`, {
    headers: targetHeaders,
    timeout: `${input.timeoutMs}ms`,
    tags: { name: 'model-discovery' },
  });
  const data = response.status === 200 ? asRecord(safeJson(response.body))?.['data'] : undefined;
  const id = Array.isArray(data) ? asRecord(data[0])?.['id'] : undefined;
  return { model: typeof id === 'string' && id !== '' ? id : FALLBACK_MODEL };
}

// Each VU has its own JavaScript runtime, so each draws from its own seeded stream.
let sampler: WorkloadSampler | undefined;

export default function (data: SetupData): void {
  sampler ??= new WorkloadSampler(
    input.workload,
    data.model,
    new Random(input.seed).stream(`k6-vu-${exec.vu.idInTest}`),
    new Map(Object.entries(input.datasets)),
  );
  const request = sampler.next();
  const phase = phaseAt(Date.now() - exec.scenario.startTime);
  const response = http.post(`${baseUrl}${request.path}`, request.body, {
    headers: { ...targetHeaders, 'content-type': 'application/json' },
    timeout: `${input.timeoutMs}ms`,
    tags: { kind: request.kind, phase },
    responseType: 'text',
  });
  const colour = colourOf(response.headers);
  const status = response.status;
  const success = status >= 200 && status < 300;
  const reading =
    success && typeof response.body === 'string'
      ? readWholeBody(request.kind, request.stream, response.body)
      : undefined;
  const outcome = status === 0 ? transportOutcome(response.error_code) : (reading?.failure ?? String(status));
  const failed = status === 0 || status >= 400 || reading?.failure !== undefined;
  const ttftMs = !failed && request.stream ? response.timings.waiting : undefined;

  const metadata = exec.vu.metrics.metadata;
  metadata[K6_METADATA.inputTokens] = String(reading?.inputTokens ?? 0);
  metadata[K6_METADATA.outputTokens] = String(reading?.outputTokens ?? 0);
  metadata[K6_METADATA.outputTokensFrom] = reading?.outputTokensFrom ?? 'none';
  if (ttftMs !== undefined) metadata[K6_METADATA.ttftMs] = String(ttftMs);
  requests.add(response.timings.duration, { colour, outcome, ok: String(!failed), phase });
  for (const key of Object.values(K6_METADATA)) delete metadata[key];

  failedRate.add(failed, { colour, phase });
  if (ttftMs !== undefined) ttftTrend.add(ttftMs, { colour, phase });
  if (!failed) succeeded.add(1, { colour, phase });
}

function phaseAt(elapsedMs: number): string {
  let end = 0;
  for (const phase of input.phases) {
    end += phase.durationMs;
    if (elapsedMs < end) return phase.name;
  }
  return input.phases[input.phases.length - 1]?.name ?? '';
}

function colourOf(headers: Record<string, string>): string {
  const key = Object.keys(headers).find((name) => name.toLowerCase() === COLOUR_HEADER);
  const value = key === undefined ? undefined : headers[key];
  return isColour(value) ? value : 'unknown';
}

function safeJson(body: unknown): unknown {
  try {
    return typeof body === 'string' ? JSON.parse(body) : undefined;
  } catch {
    return undefined;
  }
}

function readTargetHeaders(json: string | undefined): Record<string, string> {
  if (json === undefined || json === '') return {};
  const parsed = asRecord(safeJson(json));
  if (!parsed) throw new Error('GREENLIGHT_HEADERS is not a JSON object of header names and values');
  return Object.fromEntries(Object.entries(parsed).map(([name, value]) => [name, String(value)]));
}
