import type { Random } from '../../../util/random.js';
import { apiError } from './api-error.js';
import { Proxy } from './proxy.js';

export interface NewProxy {
  name: string;
  listen: string;
  upstream: string;
  enabled: boolean;
}

/** Every proxy of the server by name (Toxiproxy's ProxyCollection). */
export class ProxyCollection {
  private readonly proxies = new Map<string, Proxy>();

  constructor(private readonly random: Random) {}

  /** Sorted by name, as Go marshals a map. */
  list(): Proxy[] {
    return [...this.proxies.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  get(name: string): Proxy {
    const proxy = this.proxies.get(name);
    if (!proxy) throw apiError('proxyNotFound');
    return proxy;
  }

  /** Throws a 409 when the name is taken; a proxy that fails to start is not added. */
  async add(input: NewProxy): Promise<Proxy> {
    if (this.proxies.has(input.name)) throw apiError('proxyAlreadyExists');
    return this.install(input);
  }

  /** Populate's rule: a proxy with the same listen and upstream is kept as it is, any other is replaced. */
  async addOrReplace(input: NewProxy): Promise<Proxy> {
    const existing = this.proxies.get(input.name);
    if (existing?.listen === input.listen && existing.upstream === input.upstream) return existing;
    await existing?.stop();
    return this.install(input);
  }

  async remove(name: string): Promise<void> {
    const proxy = this.get(name);
    await proxy.stop();
    this.proxies.delete(name);
  }

  async clear(): Promise<void> {
    await Promise.all([...this.proxies.values()].map((proxy) => proxy.stop()));
    this.proxies.clear();
  }

  private async install(input: NewProxy): Promise<Proxy> {
    const proxy = new Proxy(input.name, input.listen, input.upstream, this.random);
    if (input.enabled) await proxy.start();
    this.proxies.set(proxy.name, proxy);
    return proxy;
  }
}
