import { Http1Connection, type Endpoint } from './connection.js';
import type { AbortExchange, ExchangeHandler } from './exchange.js';

/**
 * greenlight's HTTP/1.1 client for load: keep-alive connections to one origin, as many as there
 * are requests in flight (the engine bounds those), the most recently freed reused first.
 * Finding a free connection is a pop, and a request is one write of bytes built in one string,
 * which is what lets the closed loop keep up with autocannon where undici's pool does not.
 */
export class Http1Pool {
  private readonly idle: Http1Connection[] = [];
  private readonly connections = new Set<Http1Connection>();

  /** `hostHeader` is the URL's host as the Host header carries it (with the port unless default). */
  constructor(
    private readonly endpoint: Endpoint,
    private readonly hostHeader: string,
  ) {}

  /** POSTs a JSON body to `path`; `handler` hears the response. Returns what aborts this exchange. */
  postJson(path: string, body: string, handler: ExchangeHandler): AbortExchange {
    const connection = this.idle.pop() ?? this.open();
    connection.send(
      `POST ${path} HTTP/1.1\r\nhost: ${this.hostHeader}\r\ncontent-type: application/json\r\n` +
        `content-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
      handler,
    );
    return (reason) => connection.abort(handler, reason);
  }

  /** Closes every connection; exchanges still in progress fail as closed. */
  destroy(): void {
    for (const connection of this.connections) connection.destroy();
    this.connections.clear();
    this.idle.length = 0;
  }

  private open(): Http1Connection {
    const connection = new Http1Connection(this.endpoint, (free) => this.idle.push(free));
    this.connections.add(connection);
    return connection;
  }
}
