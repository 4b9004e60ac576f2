import { cutsConnection, type ServiceFailure } from './failures.js';
import { sendJson, startStream } from './http-io.js';
import type { ParsedRequest } from './protocols/protocol.js';
import type { RouteContext } from './route-context.js';

/**
 * Runs a parsed request through the scheduler and answers it, streamed or whole. Headers of a
 * stream go out on admission; a client that goes away frees its queue slot or KV reservation.
 */
export function serveGeneration(context: RouteContext, request: ParsedRequest): void {
  const { res, service, endpoint } = context;
  if (res.destroyed) return;
  const { stream } = request;
  const parts: string[] = [];
  const sendFailure = (failure: ServiceFailure): void => {
    sendJson(res, failure.status, context.errors(failure.status, failure.message, failure.code));
  };

  const submission = service.scheduler.submit(request.spec, {
    onAdmitted() {
      if (stream) startStream(res, stream.contentType);
    },
    onToken(text) {
      if (stream) res.write(stream.token(text));
      else parts.push(text);
    },
    onFinished(timing) {
      const { arrivedAt, firstTokenAt, finishedAt } = timing;
      service.metrics.latency(
        endpoint,
        firstTokenAt === undefined ? undefined : firstTokenAt - arrivedAt,
        finishedAt - arrivedAt,
      );
      const done = { spec: request.spec, text: parts.join(''), timing };
      if (stream) res.end(stream.finish(done));
      else sendJson(res, 200, request.body(done));
    },
    onFailed(failure) {
      if (cutsConnection(failure)) {
        context.failedStatus = failure.status;
        res.destroy();
      } else if (stream && res.headersSent) {
        context.failedStatus = failure.status;
        res.end(stream.failure(failure));
      } else {
        sendFailure(failure);
      }
    },
  });
  if (!submission.accepted) {
    sendFailure(submission.failure);
    return;
  }
  res.once('close', () => submission.handle.cancel());
}
