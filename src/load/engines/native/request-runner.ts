import type { Dispatcher } from 'undici';
import type { RequestSample } from '../../../journal/bucket-recorder.js';
import { COLOUR_HEADER, isColour, type ObservedColour } from '../../../shared/colour.js';
import type { WorkloadRequest } from '../../workloads/request-body.js';
import { responseReader } from '../../workloads/response-reader.js';
import type { ResponseMeasure } from '../../workloads/streams/measure.js';
import { RequestStopped, classifyTransportError } from './error-class.js';
import type { TargetAddress } from './target-address.js';

interface Result {
  outcome: string;
  error: boolean;
  measure?: ResponseMeasure;
}

/**
 * Sends workload requests to one target and measures each one, from the moment it is started
 * to the last byte of its body. Every request ends as a sample, never as a rejection: failures
 * become an outcome (HTTP status or error class).
 */
export class RequestRunner {
  private readonly live = new Set<AbortController>();

  constructor(
    private readonly dispatcher: Dispatcher,
    private readonly target: TargetAddress,
    private readonly timeoutMs: number,
    private readonly now: () => number,
  ) {}

  async run(request: WorkloadRequest, plannedAt: number): Promise<RequestSample> {
    const controller = new AbortController();
    this.live.add(controller);
    const timer = setTimeout(() => controller.abort(new RequestStopped('timeout')), this.timeoutMs);
    const startedAt = this.now();
    let colour: ObservedColour = 'unknown';
    // Once a streamed answer has begun, a broken connection cuts the stream: not a plain reset.
    let streaming = false;
    let result: Result;
    try {
      const response = await this.dispatcher.request({
        origin: this.target.origin,
        path: this.target.basePath + request.path,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: request.body,
        signal: controller.signal,
      });
      colour = colourOf(response.headers[COLOUR_HEADER]);
      streaming = request.stream && isSuccess(response.statusCode);
      result = await this.read(response, request, startedAt);
    } catch (error) {
      const reason: unknown = controller.signal.reason;
      const outcome =
        reason instanceof RequestStopped ? reason.errorClass : streaming ? 'stream-cut' : classifyTransportError(error);
      result = { outcome, error: true };
    } finally {
      clearTimeout(timer);
      this.live.delete(controller);
    }
    const completedAt = this.now();
    return {
      completedAt,
      colour,
      outcome: result.outcome,
      error: result.error,
      latencyMs: completedAt - startedAt,
      ttftMs: result.measure?.ttftMs,
      itlMs: result.measure?.itlMs ?? [],
      scheduleLagMs: startedAt - plannedAt,
      inputTokens: result.measure?.inputTokens ?? 0,
      outputTokens: result.measure?.outputTokens ?? 0,
    };
  }

  /** Cancels every request in flight; each still ends as a sample, with outcome 'aborted'. */
  abortAll(): void {
    for (const controller of this.live) controller.abort(new RequestStopped('aborted'));
  }

  private async read(response: Dispatcher.ResponseData, request: WorkloadRequest, startedAt: number): Promise<Result> {
    const status = response.statusCode;
    if (!isSuccess(status)) {
      await response.body.dump();
      return { outcome: String(status), error: status >= 400 };
    }
    const reader = responseReader(request, startedAt);
    for await (const chunk of response.body) reader.push(chunk as Uint8Array, this.now());
    const measure = reader.end();
    return { outcome: measure.failure?.errorClass ?? '200', error: measure.failure !== undefined, measure };
  }
}

function isSuccess(status: number): boolean {
  return status >= 200 && status < 300;
}

function colourOf(header: string | string[] | undefined): ObservedColour {
  const value = Array.isArray(header) ? header[0] : header;
  return isColour(value) ? value : 'unknown';
}
