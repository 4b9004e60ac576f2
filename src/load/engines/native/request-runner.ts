import type { RequestSample } from '../../../journal/bucket-recorder.js';
import { COLOUR_HEADER, isColour, type ObservedColour } from '../../../shared/colour.js';
import type { WorkloadRequest } from '../../workloads/request-body.js';
import { responseReader } from '../../workloads/response-reader.js';
import type { ResponseMeasure, ResponseReader } from '../../workloads/streams/measure.js';
import { RequestStopped, classifyTransportError } from './error-class.js';
import { headerValue, type AbortExchange, type ExchangeHandler } from './http1/exchange.js';
import type { Http1Pool } from './http1/pool.js';
import type { TargetAddress } from './target-address.js';

/** A finished request: its sample, and the generated text when it succeeded. */
export interface RequestOutcome {
  sample: RequestSample;
  reply: string | undefined;
}

type OnOutcome = (outcome: RequestOutcome) => void;

/**
 * Sends workload requests to one target and measures each one, from the moment it is started
 * to the last byte of its body. Every request ends in its callback, never as an exception:
 * failures become an outcome (HTTP status or error class).
 *
 * Requests in flight are kept in a list, oldest first. They all share one timeout, so their
 * deadlines come in that order too and one timer, armed for the oldest's, covers them all: no
 * timer object per request.
 */
export class RequestRunner {
  private oldest: MeasuredRequest | undefined;
  private newest: MeasuredRequest | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly pool: Http1Pool,
    private readonly target: TargetAddress,
    private readonly timeoutMs: number,
    private readonly now: () => number,
  ) {}

  run(request: WorkloadRequest, plannedAt: number, onOutcome: OnOutcome): void {
    const measured = new MeasuredRequest(request, plannedAt, this.now, this.timeoutMs, this, onOutcome);
    measured.previous = this.newest;
    if (this.newest) this.newest.next = measured;
    else this.oldest = measured;
    this.newest = measured;
    if (!this.timer) this.armFor(measured);
    try {
      measured.start(this.pool, this.target.basePath + request.path);
    } catch (error) {
      this.ended(measured);
      throw error;
    }
  }

  /** Cancels every request in flight; each still ends in its callback, with outcome 'aborted'. */
  abortAll(): void {
    for (let measured = this.oldest; measured; measured = measured.next) {
      measured.stop(new RequestStopped('aborted'));
    }
  }

  /** A request ended: it leaves the list (the timer, if armed for it, finds the next one when it fires). */
  ended(measured: MeasuredRequest): void {
    if (measured.previous) measured.previous.next = measured.next;
    else this.oldest = measured.next;
    if (measured.next) measured.next.previous = measured.previous;
    else this.newest = measured.previous;
    if (!this.oldest) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
  }

  private armFor(measured: MeasuredRequest): void {
    // Stopping expired requests may have started new ones, which armed a timer of their own.
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.expire(), Math.max(0, measured.deadline - this.now()));
  }

  /** Times out every request past its deadline, then waits for the oldest left. */
  private expire(): void {
    this.timer = undefined;
    const now = this.now();
    for (let measured = this.oldest; measured && measured.deadline <= now; measured = measured.next) {
      measured.stop(new RequestStopped('timeout'));
    }
    if (this.oldest) this.armFor(this.oldest);
  }
}

/** One request in flight: it hears its exchange and turns what it heard into a sample. */
class MeasuredRequest implements ExchangeHandler {
  /** Neighbours in the runner's list of requests in flight. */
  previous: MeasuredRequest | undefined;
  next: MeasuredRequest | undefined;
  readonly deadline: number;
  private readonly startedAt: number;
  private colour: ObservedColour = 'unknown';
  private status = 0;
  private reader: ResponseReader | undefined;
  private abortExchange: AbortExchange | undefined;
  private stoppedBy: RequestStopped | undefined;
  private settled = false;

  constructor(
    private readonly request: WorkloadRequest,
    private readonly plannedAt: number,
    private readonly now: () => number,
    timeoutMs: number,
    private readonly runner: RequestRunner,
    private readonly onOutcome: OnOutcome,
  ) {
    this.startedAt = now();
    this.deadline = this.startedAt + timeoutMs;
  }

  start(pool: Http1Pool, path: string): void {
    this.abortExchange = pool.postJson(path, this.request.body, this);
  }

  stop(reason: RequestStopped): void {
    this.stoppedBy ??= reason;
    this.abortExchange?.(reason);
  }

  onResponseStart(status: number, headers: readonly string[]): void {
    this.status = status;
    this.colour = colourOf(headers);
    if (status >= 200 && status < 300) this.reader = responseReader(this.request, this.startedAt);
  }

  onResponseData(chunk: Buffer): void {
    this.reader?.push(chunk, this.now());
  }

  onResponseEnd(): void {
    if (!this.reader) return this.settle(String(this.status), this.status >= 400);
    const measure = this.reader.end();
    this.settle(measure.failure?.errorClass ?? '200', measure.failure !== undefined, measure);
  }

  onError(error: Error): void {
    // Once a streamed answer has begun, a broken connection cuts the stream: not a plain reset.
    const outcome = this.stoppedBy
      ? this.stoppedBy.errorClass
      : this.reader && this.request.stream
        ? 'stream-cut'
        : classifyTransportError(error);
    this.settle(outcome, true);
  }

  private settle(outcome: string, error: boolean, measure?: ResponseMeasure): void {
    if (this.settled) return;
    this.settled = true;
    this.runner.ended(this);
    const completedAt = this.now();
    const sample: RequestSample = {
      completedAt,
      colour: this.colour,
      outcome,
      error,
      latencyMs: completedAt - this.startedAt,
      ttftMs: measure?.ttftMs,
      itlMs: measure?.itlMs ?? [],
      scheduleLagMs: this.startedAt - this.plannedAt,
      inputTokens: measure?.inputTokens ?? 0,
      outputTokens: measure?.outputTokens ?? 0,
      outputTokensFrom: measure?.outputTokenSource ?? 'none',
    };
    this.onOutcome({ sample, reply: error ? undefined : measure?.text });
  }
}

/** The colour a router stamped on the response; raw headers keep the server's spelling. */
function colourOf(headers: readonly string[]): ObservedColour {
  const value = headerValue(headers, COLOUR_HEADER);
  return isColour(value) ? value : 'unknown';
}
