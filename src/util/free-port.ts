import { createServer } from 'node:net';

/**
 * A loopback port free right now, for servers that need a fixed port rather than 0: a container
 * keeps its command across restarts (it must come back where the router expects it), and HAProxy
 * reads its ports from a config written before it starts.
 */
export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
