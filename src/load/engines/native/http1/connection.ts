import net from 'node:net';
import tls from 'node:tls';
import { ConnectionClosedError, headerValue, type ExchangeHandler } from './exchange.js';
import { ResponseParser, type ResponseHead } from './response-parser.js';

export interface Endpoint {
  host: string;
  port: number;
  tls: boolean;
}

/** How long an idle connection is reused when the server gives no `Keep-Alive: timeout` (undici's default). */
const DEFAULT_IDLE_MS = 4_000;
/** Stop reusing an idle connection this long before the server says it closes it, to avoid the race. */
const IDLE_MARGIN_MS = 1_000;

/**
 * One HTTP/1.1 keep-alive connection carrying one exchange at a time. The socket is opened on
 * the first request and again after the server or an error closed it. Every exchange ends in
 * exactly one of its handler's onResponseEnd or onError; handlers must not throw.
 */
export class Http1Connection {
  private socket: net.Socket | undefined;
  private exchange: ExchangeHandler | undefined;
  private keepAlive = true;
  private idleMs = DEFAULT_IDLE_MS;
  private reusableUntil = 0;

  constructor(
    private readonly endpoint: Endpoint,
    /** Called when an exchange has ended and the connection can take the next one. */
    private readonly onFree: (connection: Http1Connection) => void,
  ) {}

  send(bytes: string, handler: ExchangeHandler): void {
    if (this.exchange) throw new Error('Http1Connection.send: an exchange is already in progress');
    if (this.socket && Date.now() > this.reusableUntil) this.closeSocket();
    this.exchange = handler;
    (this.socket ?? this.open()).write(bytes);
  }

  /** Ends `handler`'s exchange with `reason`; nothing happens once that exchange has ended. */
  abort(handler: ExchangeHandler, reason: Error): void {
    if (this.exchange === handler) this.fail(reason);
  }

  /** Closes the connection; an exchange in progress fails as closed. */
  destroy(): void {
    if (this.exchange) this.fail(new ConnectionClosedError());
    this.closeSocket();
  }

  private open(): net.Socket {
    const { host, port } = this.endpoint;
    // SNI carries host names only (RFC 6066); an IP address target sends none.
    const servername = net.isIP(host) === 0 ? host : undefined;
    const socket = this.endpoint.tls ? tls.connect({ host, port, servername }) : net.connect({ host, port });
    socket.setNoDelay(true);
    const parser = new ResponseParser({
      onHead: (head) => this.onHead(head),
      onBody: (chunk) => this.exchange?.onResponseData(chunk),
      onEnd: () => this.onMessageEnd(),
    });
    const current = (): boolean => this.socket === socket;
    socket.on('data', (chunk: Buffer) => {
      if (!current()) return;
      try {
        parser.execute(chunk);
      } catch (error) {
        // A malformed response, or a handler that threw.
        this.fail(error instanceof Error ? error : new Error(String(error)));
      }
    });
    socket.on('end', () => {
      if (!current()) return;
      const exchange = this.exchange;
      // Closed while idle: the next request must not be written to this socket.
      if (!exchange) return this.closeSocket();
      // A body without length or chunking ends when the server closes; anything else is cut.
      // Ending it may already have sent the next request on a new socket: only this exchange fails.
      parser.finish();
      if (this.exchange === exchange) this.fail(new ConnectionClosedError());
    });
    socket.on('error', (error) => {
      if (current()) this.fail(error);
    });
    socket.on('close', () => {
      if (!current()) return;
      this.socket = undefined;
      if (this.exchange) this.fail(new ConnectionClosedError());
    });
    this.socket = socket;
    this.keepAlive = true;
    return socket;
  }

  private onHead(head: ResponseHead): void {
    if (!this.exchange) throw new Error(`unexpected response ${head.status} with no request in progress`);
    this.keepAlive = head.keepAlive;
    this.idleMs = idleMsFrom(head.headers);
    this.exchange.onResponseStart(head.status, head.headers);
  }

  private onMessageEnd(): void {
    const exchange = this.exchange;
    this.exchange = undefined;
    if (this.keepAlive) this.reusableUntil = Date.now() + this.idleMs;
    else this.closeSocket();
    // Free first: the handler may send its next request at once, on this same connection.
    this.onFree(this);
    exchange?.onResponseEnd();
  }

  private fail(error: Error): void {
    const exchange = this.exchange;
    this.exchange = undefined;
    this.closeSocket();
    if (!exchange) return;
    this.onFree(this);
    exchange.onError(error);
  }

  private closeSocket(): void {
    this.socket?.destroy();
    this.socket = undefined;
  }
}

/** How long the server keeps an idle connection open, less a margin, from `Keep-Alive: timeout=N`. */
function idleMsFrom(headers: readonly string[]): number {
  const keepAlive = headerValue(headers, 'keep-alive');
  const timeout = keepAlive === undefined ? null : /timeout=(\d+)/i.exec(keepAlive);
  return timeout ? Math.max(0, Number(timeout[1]) * 1000 - IDLE_MARGIN_MS) : DEFAULT_IDLE_MS;
}
