import { Pool } from 'undici';
import type { Colour } from '../../shared/colour.js';

/** One colour's service behind the router: a keep-alive pool to its origin and its base path. */
export class Upstream {
  readonly pool: Pool;
  readonly origin: string;
  private readonly basePath: string;

  constructor(
    readonly colour: Colour,
    baseUrl: string,
  ) {
    const url = new URL(baseUrl);
    this.origin = url.origin;
    this.basePath = url.pathname.replace(/\/+$/, '');
    this.pool = new Pool(this.origin);
  }

  /** The upstream path for a request path such as `/v1/chat/completions?x=1`. */
  pathFor(requestPath: string): string {
    return this.basePath + requestPath;
  }

  /** GET `path`; true for a 2xx answered, body included, within `timeoutMs`. */
  async probe(path: string, timeoutMs: number): Promise<boolean> {
    try {
      const response = await this.pool.request({
        path: this.pathFor(path),
        method: 'GET',
        signal: AbortSignal.timeout(timeoutMs),
      });
      await response.body.dump();
      return response.statusCode >= 200 && response.statusCode < 300;
    } catch {
      return false;
    }
  }

  /** Drops every connection, in-flight requests included. */
  async close(): Promise<void> {
    if (!this.pool.destroyed) await this.pool.destroy();
  }
}
