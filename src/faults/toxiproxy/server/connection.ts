import type { Socket } from 'node:net';
import type { Direction } from './proxy-toxic.js';
import type { ToxicLink } from './link.js';
import type { ToxicCollection } from './toxic-collection.js';

/**
 * A client connection and the upstream connection opened for it, joined by a link each way.
 * Like Toxiproxy it knows no half-close: when one direction's stream ends, its destination is
 * closed for good, which in turn ends the other direction's source.
 */
export class ProxiedConnection {
  private readonly links: ToxicLink[] = [];
  private openSockets = 2;

  constructor(
    private readonly id: number,
    private readonly client: Socket,
    private readonly upstream: Socket,
    private readonly toxics: ToxicCollection,
    private readonly onClosed: () => void,
  ) {
    for (const socket of [client, upstream]) {
      // Go sets TCP_NODELAY on every connection; without it small delayed writes coalesce.
      socket.setNoDelay(true);
      // An error ends the stream like EOF does; 'close' always follows it.
      socket.on('error', () => undefined);
      socket.once('close', () => this.socketClosed());
    }
    upstream.once('connect', () => this.join());
  }

  /** Closes both sockets (the proxy was disabled, removed or shut down). */
  close(): void {
    this.client.destroy();
    this.upstream.destroy();
  }

  private reset(): void {
    for (const socket of [this.client, this.upstream]) {
      if (!socket.destroyed) socket.resetAndDestroy();
    }
  }

  private join(): void {
    if (this.openSockets < 2) return;
    this.links.push(
      this.openLink('upstream', this.client, this.upstream),
      this.openLink('downstream', this.upstream, this.client),
    );
  }

  private openLink(direction: Direction, source: Socket, destination: Socket): ToxicLink {
    const link = this.toxics.openLink({
      direction,
      connectionId: this.id,
      source,
      destination,
      onFinished: () => destination.destroySoon(),
      onReset: () => this.reset(),
    });
    source.once('end', () => link.endInput());
    source.once('close', () => link.endInput());
    return link;
  }

  private socketClosed(): void {
    this.openSockets -= 1;
    // The upstream could not be reached, or the client left while it was being dialled.
    if (this.links.length === 0) this.close();
    if (this.openSockets > 0) return;
    for (const link of this.links) this.toxics.closeLink(link);
    this.onClosed();
  }
}
