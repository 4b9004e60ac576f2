import { randomInt } from 'node:crypto';
import { createServer } from 'node:http';
import { EnvironmentError, errorMessage, InputError } from '../../../errors.js';
import { Random } from '../../../util/random.js';
import { joinHostPort, loopbackBindHost } from './address.js';
import { createApiListener } from './api.js';
import { listenOn } from './listen.js';
import { ProxyCollection } from './proxy-collection.js';

export interface EmbeddedToxiproxyOptions {
  /** A loopback host; 127.0.0.1 by default. */
  host?: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Drives every toxicity decision and jitter draw; random when left out. */
  seed?: number;
}

export interface EmbeddedToxiproxy {
  /** The API base URL, e.g. http://127.0.0.1:8474 */
  readonly url: string;
  readonly port: number;
  /** Closes the API, every proxy listener and every proxied connection; safe to call again. */
  close(): Promise<void>;
}

/**
 * Starts greenlight's Toxiproxy-compatible server: Toxiproxy 2.x's HTTP API and toxics, with
 * toxicity and jitter drawn from the seeded random source so a seed replays the same faults.
 */
export async function startEmbeddedToxiproxy(options: EmbeddedToxiproxyOptions = {}): Promise<EmbeddedToxiproxy> {
  const host = options.host ?? '127.0.0.1';
  const bindHost = loopbackBindHost(host);
  if (bindHost === undefined) {
    throw new InputError(
      `embedded Toxiproxy: host "${host}" is not a loopback address (use 127.0.0.1, localhost or ::1)`,
    );
  }
  const proxies = new ProxyCollection(new Random(options.seed ?? randomInt(2 ** 31)));
  const server = createServer(createApiListener(proxies));
  const address = await listenOn(server, bindHost, options.port ?? 0).catch((error: unknown) => {
    throw new EnvironmentError(
      `embedded Toxiproxy could not listen on ${joinHostPort(bindHost, options.port ?? 0)}: ${errorMessage(error)}`,
      {
        cause: error,
      },
    );
  });

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await proxies.clear();
      await stopped;
    })();
    return closing;
  };
  return { url: `http://${joinHostPort(address.address, address.port)}`, port: address.port, close };
}
