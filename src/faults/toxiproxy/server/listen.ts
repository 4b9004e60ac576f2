import type { AddressInfo, Server } from 'node:net';

/** Listens and resolves with the bound address; later server errors (a failed accept) are ignored, as Toxiproxy logs and goes on. */
export function listenOn(server: Server, host: string, port: number): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port }, () => {
      server.off('error', reject);
      server.on('error', () => undefined);
      resolve(server.address() as AddressInfo);
    });
  });
}
