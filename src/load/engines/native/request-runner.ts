import type { Dispatcher } from 'undici';
import type { RequestSample } from '../../../journal/bucket-recorder.js';
import { COLOUR_HEADER, isColour, type ObservedColour } from '../../../shared/colour.js';
import type { WorkloadRequest } from '../../workloads/request-body.js';
import { responseReader } from '../../workloads/response-reader.js';
import type { ResponseMeasure, ResponseReader } from '../../workloads/streams/measure.js';
import { RequestStopped, classifyTransportError } from './error-class.js';
import type { TargetAddress } from './target-address.js';

interface Result {
  outcome: string;
  error: boolean;
  measure?: ResponseMeasure;
}

const HEADERS = { 'content-type': 'application/json' };

/** A finished request: its sample, and the generated text when it succeeded. */
export interface RequestOutcome {
  sample: RequestSample;
  reply: string | undefined;
}

/**
 * Sends workload requests to one target and measures each one, from the moment it is started
 * to the last byte of its body. Every request ends as a sample, never as a rejection: failures
 * become an outcome (HTTP status or error class).
 *
 * It speaks undici's dispatch() handler API rather than request(): chunks go straight to the
 * response reader with no stream object per request, which is most of a client's cost on loopback.
 */
export class RequestRunner {
  private readonly live = new Set<(reason: RequestStopped) => void>();

  constructor(
    private readonly dispatcher: Dispatcher,
    private readonly target: TargetAddress,
    private readonly timeoutMs: number,
    private readonly now: () => number,
  ) {}

  run(request: WorkloadRequest, plannedAt: number): Promise<RequestOutcome> {
    return new Promise((resolve) => {
      const startedAt = this.now();
      let colour: ObservedColour = 'unknown';
      let status = 0;
      let reader: ResponseReader | undefined;
      let controller: Dispatcher.DispatchController | undefined;
      let stoppedBy: RequestStopped | undefined;
      let settled = false;
      const stop = (reason: RequestStopped): void => {
        stoppedBy ??= reason;
        controller?.abort(reason);
      };
      const timer = setTimeout(() => stop(new RequestStopped('timeout')), this.timeoutMs);
      this.live.add(stop);
      const settle = (result: Result): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.live.delete(stop);
        const completedAt = this.now();
        const sample: RequestSample = {
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
          outputTokensFrom: result.measure?.outputTokenSource ?? 'none',
        };
        resolve({ sample, reply: result.error ? undefined : result.measure?.text });
      };
      const handler: Dispatcher.DispatchHandler = {
        onRequestStart: (dispatchController) => {
          controller = dispatchController;
          if (stoppedBy) dispatchController.abort(stoppedBy);
        },
        onResponseStart: (_controller, statusCode, headers) => {
          status = statusCode;
          colour = colourOf(headers[COLOUR_HEADER]);
          if (isSuccess(statusCode)) reader = responseReader(request, startedAt);
        },
        onResponseData: (_controller, chunk) => {
          reader?.push(chunk, this.now());
        },
        onResponseEnd: () => {
          if (!reader) return settle({ outcome: String(status), error: status >= 400 });
          const measure = reader.end();
          settle({ outcome: measure.failure?.errorClass ?? '200', error: measure.failure !== undefined, measure });
        },
        onResponseError: (_controller, error) => {
          // Once a streamed answer has begun, a broken connection cuts the stream: not a plain reset.
          const outcome = stoppedBy
            ? stoppedBy.errorClass
            : reader && request.stream
              ? 'stream-cut'
              : classifyTransportError(error);
          settle({ outcome, error: true });
        },
      };
      try {
        this.dispatcher.dispatch(
          {
            origin: this.target.origin,
            path: this.target.basePath + request.path,
            method: 'POST',
            headers: HEADERS,
            body: request.body,
          },
          handler,
        );
      } catch (error) {
        settle({ outcome: classifyTransportError(error), error: true });
      }
    });
  }

  /** Cancels every request in flight; each still ends as a sample, with outcome 'aborted'. */
  abortAll(): void {
    for (const stop of [...this.live]) stop(new RequestStopped('aborted'));
  }
}

function isSuccess(status: number): boolean {
  return status >= 200 && status < 300;
}

function colourOf(header: string | string[] | undefined): ObservedColour {
  const value = Array.isArray(header) ? header[0] : header;
  return isColour(value) ? value : 'unknown';
}
