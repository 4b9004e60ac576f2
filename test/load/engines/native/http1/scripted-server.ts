import net, { type AddressInfo } from 'node:net';

/** What the scripted server does with the n-th request (0-based) it receives on any connection. */
export type Reply = (socket: net.Socket, request: string, index: number) => void;

export interface ScriptedServer {
  port: number;
  /** Connections accepted so far. */
  connections: () => number;
  /** Requests received (head and body, decoded as UTF-8), in order. */
  requests: string[];
  close(): Promise<void>;
}

/**
 * A TCP server on 127.0.0.1 that answers each complete request (head + content-length body)
 * with whatever bytes the test scripts, so the client meets exact wire-level responses.
 */
export async function startScriptedServer(reply: Reply): Promise<ScriptedServer> {
  const sockets = new Set<net.Socket>();
  const requests: string[] = [];
  let accepted = 0;
  const server = net.createServer((socket) => {
    accepted++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    let buffered = '';
    socket.setEncoding('latin1').on('data', (data: string) => {
      buffered += data;
      for (let request = takeRequest(); request !== undefined; request = takeRequest()) {
        requests.push(Buffer.from(request, 'latin1').toString('utf8'));
        reply(socket, request, requests.length - 1);
      }
    });
    function takeRequest(): string | undefined {
      const headEnd = buffered.indexOf('\r\n\r\n');
      if (headEnd < 0) return undefined;
      const length = Number(/content-length: (\d+)/i.exec(buffered.slice(0, headEnd))?.[1] ?? 0);
      if (buffered.length < headEnd + 4 + length) return undefined;
      const request = buffered.slice(0, headEnd + 4 + length);
      buffered = buffered.slice(request.length);
      return request;
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    connections: () => accepted,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A 200 with a content-length body and any extra header lines. */
export function ok(body: string, ...headers: string[]): string {
  return ['HTTP/1.1 200 OK', `content-length: ${Buffer.byteLength(body)}`, ...headers, '', body].join('\r\n');
}
