import { asApiError } from './api-error.js';
import type { ProxyCollection } from './proxy-collection.js';
import { parseNewProxy, parsePopulate, parseProxyUpdate } from './proxy-input.js';

/** The Toxiproxy 2.x API level this server speaks, reported by GET /version. */
const EMBEDDED_VERSION = '2.12.0-greenlight';

export type Reply =
  | { readonly kind: 'json'; readonly status: number; readonly body: unknown }
  | { readonly kind: 'text'; readonly status: number; readonly text: string; readonly contentType: string }
  | { readonly kind: 'empty'; readonly status: number };

/** Path parameters in order, and the request body parsed as JSON on demand. */
export type Handler = (params: readonly string[], body: () => Promise<unknown>) => Promise<Reply>;

export interface Route {
  /** Literal segments, with PARAM where a name goes. */
  readonly path: readonly string[];
  readonly methods: Readonly<Record<string, Handler>>;
}

export const PARAM = '{}';

const json = (status: number, body: unknown): Reply => ({ kind: 'json', status, body });
const noContent: Reply = { kind: 'empty', status: 204 };

/** The endpoints of Toxiproxy's api.go, with its status codes (note: creating a toxic answers 200). */
export function apiRoutes(proxies: ProxyCollection): Route[] {
  const proxyUpdate: Handler = async ([name = ''], body) => {
    const proxy = proxies.get(name);
    await proxy.update(parseProxyUpdate(proxy, await body()));
    return json(200, proxy);
  };
  const toxicUpdate: Handler = async ([name = '', toxic = ''], body) => {
    const toxics = proxies.get(name).toxics;
    return json(200, toxics.update(toxic, await body()));
  };

  return [
    {
      path: ['reset'],
      methods: {
        POST: async () => {
          for (const proxy of proxies.list()) {
            await proxy.start();
            proxy.toxics.reset();
          }
          return noContent;
        },
      },
    },
    {
      path: ['proxies'],
      methods: {
        GET: async () => json(200, Object.fromEntries(proxies.list().map((proxy) => [proxy.name, proxy]))),
        POST: async (_params, body) => json(201, await proxies.add(parseNewProxy(await body()))),
      },
    },
    {
      path: ['populate'],
      methods: {
        POST: async (_params, body) => {
          try {
            const created = [];
            for (const input of parsePopulate(await body())) created.push(await proxies.addOrReplace(input));
            // Go marshals an empty result slice as null.
            return json(201, { proxies: created.length > 0 ? created : null });
          } catch (error) {
            const failure = asApiError(error);
            return json(failure.status, { error: failure.message, status: failure.status, proxies: null });
          }
        },
      },
    },
    {
      path: ['proxies', PARAM],
      methods: {
        GET: async ([name = '']) => json(200, proxies.get(name)),
        POST: proxyUpdate,
        PATCH: proxyUpdate,
        DELETE: async ([name = '']) => {
          await proxies.remove(name);
          return noContent;
        },
      },
    },
    {
      path: ['proxies', PARAM, 'toxics'],
      methods: {
        GET: async ([name = '']) => json(200, proxies.get(name).toxics.list()),
        POST: async ([name = ''], body) => {
          const toxics = proxies.get(name).toxics;
          return json(200, toxics.add(await body()));
        },
      },
    },
    {
      path: ['proxies', PARAM, 'toxics', PARAM],
      methods: {
        GET: async ([name = '', toxic = '']) => json(200, proxies.get(name).toxics.get(toxic)),
        POST: toxicUpdate,
        PATCH: toxicUpdate,
        DELETE: async ([name = '', toxic = '']) => {
          proxies.get(name).toxics.remove(toxic);
          return noContent;
        },
      },
    },
    {
      path: ['version'],
      methods: {
        GET: async () => ({
          kind: 'text',
          status: 200,
          text: `{"version": "${EMBEDDED_VERSION}"}\n`,
          contentType: 'application/json;charset=utf-8',
        }),
      },
    },
  ];
}
