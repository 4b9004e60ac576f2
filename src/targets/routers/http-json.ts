import { get, type Json } from '@hyperjump/json-pointer';
import { request } from 'undici';
import { EnvironmentError, errorMessage } from '../../errors.js';
import { COLOURS, type Colour } from '../../shared/colour.js';
import type { RouterObserver, RouterView } from '../router-observer.js';
import { viewOfValues } from './shares.js';

const TIMEOUT_MS = 2000;

/**
 * Learns the split from an HTTP endpoint answering JSON (a deployment controller's status API, a
 * load balancer's admin API): GET `url`, and each colour's share or weight at its JSON pointer
 * (RFC 6901), taken in percent of their sum.
 */
export class HttpJsonObserver implements RouterObserver {
  readonly name: string;

  constructor(
    private readonly url: string,
    private readonly pointers: Record<Colour, string>,
    private readonly headers: Record<string, string> = {},
  ) {
    this.name = `HTTP JSON at ${url}`;
  }

  async observe(): Promise<RouterView> {
    let body: Json;
    try {
      const response = await request(this.url, {
        headers: { accept: 'application/json', ...this.headers },
        headersTimeout: TIMEOUT_MS,
        bodyTimeout: TIMEOUT_MS,
      });
      if (response.statusCode !== 200) {
        await response.body.dump();
        throw new Error(`HTTP ${response.statusCode}`);
      }
      body = (await response.body.json()) as Json;
    } catch (error) {
      throw new EnvironmentError(`cannot read the router's split at ${this.url}: ${errorMessage(error)}`, {
        cause: error,
      });
    }
    const values = {} as Record<Colour, unknown>;
    for (const colour of COLOURS) {
      const pointer = this.pointers[colour];
      try {
        values[colour] = get(pointer, body);
      } catch (error) {
        throw new Error(`${this.url}: no ${colour} value at ${pointer} (${errorMessage(error)})`, { cause: error });
      }
      if (values[colour] === undefined) throw new Error(`${this.url}: no ${colour} value at ${pointer}`);
    }
    return viewOfValues(values, `${this.url} at ${this.pointers.blue} / ${this.pointers.green}`);
  }
}
