import { connect } from 'node:net';

/**
 * True when the host of `url` answers and refuses a TCP connection to its port: nothing listens
 * there any more. A timeout or an unreachable host is not a refusal (the server may still run).
 */
export function refusesConnections(url: string, timeoutMs = 2000): Promise<boolean> {
  const { hostname, port, protocol } = new URL(url);
  const portNumber = Number(port || (protocol === 'https:' ? 443 : 80));
  return new Promise((resolve) => {
    const socket = connect({ host: hostname.replace(/^\[|\]$/g, ''), port: portNumber });
    const done = (refused: boolean): void => {
      socket.destroy();
      resolve(refused);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(false));
    socket.once('error', (error: NodeJS.ErrnoException) => done(error.code === 'ECONNREFUSED'));
  });
}
