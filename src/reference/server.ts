import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EnvironmentError, errorMessage } from '../errors.js';

/** A reference server (AI service or router) listening on a local port. */
export interface RunningServer {
  url: string;
  port: number;
  /** Stops listening and ends every open connection, keep-alive and in-flight ones included. */
  close(): Promise<void>;
}

/** Starts `server` on host:port (port 0 picks a free one); fails with an EnvironmentError. */
export async function listen(server: Server, host: string, port: number): Promise<RunningServer> {
  await new Promise<void>((resolve, reject) => {
    const fail = (error: Error): void => {
      reject(new EnvironmentError(`cannot listen on ${host}:${port}: ${errorMessage(error)}`, { cause: error }));
    };
    server.once('error', fail);
    server.listen(port, host, () => {
      server.off('error', fail);
      resolve();
    });
  });
  const bound = (server.address() as AddressInfo).port;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${bound}`,
    port: bound,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
