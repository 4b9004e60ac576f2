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
  private readonly head: string;

  /**
   * `hostHeader` is the URL's host as the Host header carries it (with the port unless default);
   * `headers` go with every request.
   */
  constructor(
    private readonly endpoint: Endpoint,
    hostHeader: string,
    headers: Readonly<Record<string, string>> = {},
  ) {
    const extra = Object.entries(headers)
      .map(([name, value]) => `${headerToken(name)}: ${headerValue(name, value)}\r\n`)
      .join('');
    this.head = `host: ${hostHeader}\r\ncontent-type: application/json\r\n${extra}`;
  }

  /** POSTs a JSON body to `path`; `handler` hears the response. Returns what aborts this exchange. */
  postJson(path: string, body: string, handler: ExchangeHandler): AbortExchange {
    const connection = this.idle.pop() ?? this.open();
    connection.send(
      `POST ${path} HTTP/1.1\r\n${this.head}content-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
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

// A header line is written as given, so a name or value that could end the line is refused.
function headerToken(name: string): string {
  if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name))
    throw new TypeError(`not a valid header name: ${JSON.stringify(name)}`);
  return name;
}

function headerValue(name: string, value: string): string {
  if (/[\r\n\0]/.test(value)) throw new TypeError(`the value of header ${name} holds a line break`);
  return value;
}
