import { randomInt } from 'node:crypto';
import { createServer } from 'node:http';
import { EnvironmentError, errorMessage, InputError } from '../../../errors.js';
import { Random } from '../../../util/random.js';
import { bindAddress, joinHostPort } from './address.js';
import { createApiListener } from './api.js';
import { listenOn } from './listen.js';
import { ProxyCollection, type NewProxy } from './proxy-collection.js';
import { parsePopulate } from './proxy-input.js';

export interface EmbeddedToxiproxyOptions {
  /** The host to listen on (any address or name); 127.0.0.1 by default. */
  host?: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Drives every toxicity decision and jitter draw; random when left out. */
  seed?: number;
  /**
   * Proxies to create at start, as Toxiproxy's `-config` file holds them (a JSON list, the body
   * POST /populate takes); `source` names where they came from, for messages.
   */
  proxies?: { source: string; list: unknown };
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
  const host = bindAddress(options.host ?? '127.0.0.1');
  const proxies = new ProxyCollection(new Random(options.seed ?? randomInt(2 ** 31)));
  const server = createServer(createApiListener(proxies));
  const address = await listenOn(server, host, options.port ?? 0).catch((error: unknown) => {
    throw new EnvironmentError(
      `embedded Toxiproxy could not listen on ${joinHostPort(host, options.port ?? 0)}: ${errorMessage(error)}`,
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
  try {
    if (options.proxies) await populate(proxies, options.proxies);
  } catch (error) {
    await close();
    throw error;
  }
  return { url: `http://${joinHostPort(address.address, address.port)}`, port: address.port, close };
}

/** Creates the listed proxies: a malformed list is bad input, a listener that cannot start the environment's fault. */
async function populate(proxies: ProxyCollection, { source, list }: { source: string; list: unknown }): Promise<void> {
  let inputs: NewProxy[];
  try {
    inputs = parsePopulate(list);
  } catch (error) {
    throw new InputError(`${source}: ${errorMessage(error)}`, { cause: error });
  }
  for (const input of inputs) {
    try {
      await proxies.addOrReplace(input);
    } catch (error) {
      throw new EnvironmentError(`${source}: proxy "${input.name}": ${errorMessage(error)}`, { cause: error });
    }
  }
}
