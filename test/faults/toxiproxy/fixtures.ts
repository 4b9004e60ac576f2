import { once } from 'node:events';
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';

export interface TcpServer {
  /** host:port, to use as a proxy's upstream */
  readonly address: string;
  close(): Promise<void>;
}

/** A TCP server on 127.0.0.1 that hands each connection to `onConnection`; close() also ends open sockets. */
export async function startTcpServer(onConnection: (socket: Socket) => void): Promise<TcpServer> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.once('close', () => sockets.delete(socket));
    onConnection(socket);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    address: `127.0.0.1:${port}`,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export function startEchoServer(): Promise<TcpServer> {
  return startTcpServer((socket) => socket.pipe(socket));
}

/** Connects to host:port and resolves once connected; errors reject. */
export async function connectTo(address: string): Promise<Socket> {
  const separator = address.lastIndexOf(':');
  const socket = connect({ host: address.slice(0, separator), port: Number(address.slice(separator + 1)) });
  socket.setNoDelay(true);
  await once(socket, 'connect');
  return socket;
}

/** Resolves with the next `bytes` bytes the socket reads; rejects if it closes first or `timeoutMs` passes. */
export function readBytes(socket: Socket, bytes: number, timeoutMs = 5000): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let received = 0;
    const finish = (error?: Error): void => {
      clearTimeout(timer);
      socket.off('data', onData);
      socket.off('close', onClose);
      if (error) reject(error);
      else resolve(Buffer.concat(parts));
    };
    const onData = (data: Buffer): void => {
      parts.push(data);
      received += data.length;
      if (received >= bytes) finish();
    };
    const onClose = (): void => finish(new Error(`socket closed after ${received} of ${bytes} bytes`));
    const timer = setTimeout(() => finish(new Error(`timed out after ${received} of ${bytes} bytes`)), timeoutMs);
    socket.on('data', onData);
    socket.once('close', onClose);
  });
}

/** Writes `payload` and measures the milliseconds until as many bytes came back. */
export async function roundTripMs(socket: Socket, payload = 'ping'): Promise<number> {
  const started = performance.now();
  const reply = readBytes(socket, Buffer.byteLength(payload));
  socket.write(payload);
  await reply;
  return performance.now() - started;
}

/** The fastest of `count` round trips on one connection: robust to a busy machine's spikes. */
export async function fastestRoundTripMs(socket: Socket, count = 3): Promise<number> {
  let fastest = Infinity;
  for (let i = 0; i < count; i++) fastest = Math.min(fastest, await roundTripMs(socket));
  return fastest;
}

export interface SocketEnding {
  /** Milliseconds from the call until the socket closed. */
  readonly closedAfterMs: number;
  /** The error code the socket failed with, e.g. ECONNRESET; undefined for an orderly close. */
  readonly errorCode: string | undefined;
  readonly received: Buffer;
}

/** Collects what the socket receives until it closes (or `timeoutMs` passes: then rejects). */
export function watchUntilClosed(socket: Socket, timeoutMs = 5000): Promise<SocketEnding> {
  const started = performance.now();
  const parts: Buffer[] = [];
  let errorCode: string | undefined;
  socket.on('data', (data: Buffer) => parts.push(data));
  socket.on('error', (error: NodeJS.ErrnoException) => {
    errorCode = error.code;
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`socket still open after ${timeoutMs} ms`)), timeoutMs);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve({ closedAfterMs: performance.now() - started, errorCode, received: Buffer.concat(parts) });
    });
  });
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export interface RawResponse {
  readonly status: number;
  readonly contentType: string | null;
  readonly text: string;
}

/** A plain HTTP call to the API, for status codes and bodies exactly as sent. */
export async function rawApi(url: string, method: string, path: string, body?: unknown): Promise<RawResponse> {
  const response = await fetch(`${url}${path}`, {
    method,
    ...(body === undefined
      ? {}
      : {
          body: typeof body === 'string' ? body : JSON.stringify(body),
          headers: { 'content-type': 'application/json' },
        }),
  });
  return { status: response.status, contentType: response.headers.get('content-type'), text: await response.text() };
}
