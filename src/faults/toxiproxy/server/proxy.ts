import { connect, createServer, type Server, type Socket } from 'node:net';
import type { Random } from '../../../util/random.js';
import { joinHostPort, parseListenAddress, parseUpstreamAddress, type HostPort } from './address.js';
import { ProxiedConnection } from './connection.js';
import { listenOn } from './listen.js';
import type { ToxicJson } from './proxy-toxic.js';
import { ToxicCollection } from './toxic-collection.js';

export interface ProxyConfig {
  listen: string;
  upstream: string;
  enabled: boolean;
}

/** The JSON shape of a proxy in Toxiproxy's API, keys in its order. */
export interface ProxyJson {
  name: string;
  listen: string;
  upstream: string;
  enabled: boolean;
  toxics: ToxicJson[];
}

/** One proxy: a listener on its listen address, and a connection upstream for every client. */
export class Proxy {
  readonly toxics: ToxicCollection;
  private enabledNow = false;
  private server: Server | undefined;
  private readonly connections = new Set<ProxiedConnection>();
  private accepted = 0;
  private listenAddress: string;
  private upstreamAddress: string;
  private upstreamTarget: HostPort;

  /** Throws a 400 ApiError for a malformed listen or upstream address. */
  constructor(
    readonly name: string,
    listen: string,
    upstream: string,
    random: Random,
  ) {
    parseListenAddress(listen);
    this.upstreamTarget = parseUpstreamAddress(upstream);
    this.listenAddress = listen;
    this.upstreamAddress = upstream;
    this.toxics = new ToxicCollection(name, random);
  }

  get enabled(): boolean {
    return this.enabledNow;
  }

  get listen(): string {
    return this.listenAddress;
  }

  get upstream(): string {
    return this.upstreamAddress;
  }

  /** Starts listening; `listen` then shows the bound address (a port 0 becomes the real port). */
  async start(): Promise<void> {
    if (this.enabledNow) return;
    const { host, port } = parseListenAddress(this.listenAddress);
    const server = createServer({ allowHalfOpen: true, pauseOnConnect: true }, (client) => this.accept(client));
    const address = await listenOn(server, host, port).catch((error: unknown) => {
      throw new Error(`listen tcp ${this.listenAddress}: ${error instanceof Error ? error.message : String(error)}`);
    });
    this.listenAddress = joinHostPort(address.address, address.port);
    this.server = server;
    this.enabledNow = true;
  }

  /** Stops listening and closes every connection. */
  async stop(): Promise<void> {
    const server = this.server;
    if (!this.enabledNow || !server) return;
    this.enabledNow = false;
    this.server = undefined;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const connection of this.connections) connection.close();
    await closed;
  }

  /** Toxiproxy's update: a new listen or upstream restarts the proxy, dropping its connections. */
  async update(config: ProxyConfig): Promise<void> {
    if (config.listen !== this.listenAddress || config.upstream !== this.upstreamAddress) {
      parseListenAddress(config.listen);
      const upstreamTarget = parseUpstreamAddress(config.upstream);
      await this.stop();
      this.listenAddress = config.listen;
      this.upstreamAddress = config.upstream;
      this.upstreamTarget = upstreamTarget;
    }
    if (config.enabled && !this.enabledNow) await this.start();
    if (!config.enabled) await this.stop();
  }

  toJSON(): ProxyJson {
    return {
      name: this.name,
      listen: this.listenAddress,
      upstream: this.upstreamAddress,
      enabled: this.enabledNow,
      toxics: this.toxics.list().map((toxic) => toxic.toJSON()),
    };
  }

  private accept(client: Socket): void {
    const { host, port } = this.upstreamTarget;
    const upstream = connect({ host, port, allowHalfOpen: true });
    this.accepted += 1;
    const connection = new ProxiedConnection(this.accepted, client, upstream, this.toxics, () =>
      this.connections.delete(connection),
    );
    this.connections.add(connection);
  }
}
