import type { Random } from '../../../util/random.js';
import { apiError } from './api-error.js';
import { ToxicLink, type LinkEnds } from './link.js';
import { applyToxicUpdate, parseNewToxic, ProxyToxic, type Direction } from './proxy-toxic.js';

/**
 * The toxics of one proxy, a chain per direction in the order they were added, and the open
 * links they act on (Toxiproxy's ToxicCollection).
 */
export class ToxicCollection {
  private readonly chains: Record<Direction, ProxyToxic[]> = { upstream: [], downstream: [] };
  private readonly links = new Set<ToxicLink>();

  constructor(
    private readonly proxyName: string,
    private readonly random: Random,
  ) {}

  /** Upstream toxics first, then downstream, as Toxiproxy lists them. */
  list(): ProxyToxic[] {
    return [...this.chains.upstream, ...this.chains.downstream];
  }

  get(name: string): ProxyToxic {
    const toxic = this.find(name);
    if (!toxic) throw apiError('toxicNotFound');
    return toxic;
  }

  add(body: unknown): ProxyToxic {
    const input = parseNewToxic(body, (name) => this.find(name) !== undefined);
    // The same seed, proxy and toxic name replay the same toxicity and jitter draws.
    const random = this.random.stream(`toxic:${this.proxyName}:${input.name}`);
    const toxic = new ProxyToxic(
      input.name,
      input.kind,
      input.stream,
      input.direction,
      input.toxicity,
      input.attributes,
      random,
    );
    this.chains[toxic.direction].push(toxic);
    for (const link of this.linksFor(toxic)) link.addToxic(toxic);
    return toxic;
  }

  update(name: string, body: unknown): ProxyToxic {
    const toxic = this.get(name);
    applyToxicUpdate(toxic, body);
    for (const link of this.linksFor(toxic)) link.updateToxic(toxic);
    return toxic;
  }

  remove(name: string): void {
    const toxic = this.get(name);
    const chain = this.chains[toxic.direction];
    chain.splice(chain.indexOf(toxic), 1);
    for (const link of this.linksFor(toxic)) link.removeToxic(toxic);
  }

  reset(): void {
    for (const toxic of this.list()) this.remove(toxic.name);
  }

  /** Starts a link with the toxics active now for its direction. */
  openLink(ends: LinkEnds): ToxicLink {
    const link = new ToxicLink(ends, this.chains[ends.direction]);
    this.links.add(link);
    return link;
  }

  /** The link's connection is gone. */
  closeLink(link: ToxicLink): void {
    link.dispose();
    this.links.delete(link);
  }

  private find(name: string): ProxyToxic | undefined {
    return this.list().find((toxic) => toxic.name === name);
  }

  private linksFor(toxic: ProxyToxic): ToxicLink[] {
    return [...this.links].filter((link) => link.direction === toxic.direction);
  }
}
