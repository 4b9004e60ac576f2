import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ErrorFormat } from './http-io.js';
import type { ReferenceService } from './service.js';

/** What a route handler gets for one request. */
export interface RouteContext {
  req: IncomingMessage;
  res: ServerResponse;
  service: ReferenceService;
  /** The route's path: the `endpoint` label of the metrics. */
  endpoint: string;
  errors: ErrorFormat;
  /** The request's number on this service, unique per colour: it makes response ids. */
  serial: number;
  /** Set when a streamed 200 ended in an error frame: the metrics count it under this status. */
  failedStatus: number | undefined;
}
