import { InputError } from '../../../errors.js';
import type { Endpoint } from './http1/connection.js';

/** Where requests go: the socket address, the Host header, and a path prefix, e.g. '/v1-proxy'. */
export interface TargetAddress {
  origin: string;
  endpoint: Endpoint;
  /** The URL's host (with the port unless it is the default), as the Host header carries it. */
  host: string;
  basePath: string;
}

export function targetAddress(url: string): TargetAddress {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (error) {
    throw new InputError(`load target: expected a URL such as http://127.0.0.1:8080; got "${url}"`, { cause: error });
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new InputError(`load target: expected an http:// or https:// URL; got "${url}"`);
  }
  const secure = parsed.protocol === 'https:';
  return {
    origin: parsed.origin,
    endpoint: {
      // An IPv6 literal is bracketed in a URL but not in a socket address.
      host: parsed.hostname.replace(/^\[(.*)\]$/, '$1'),
      port: parsed.port === '' ? (secure ? 443 : 80) : Number(parsed.port),
      tls: secure,
    },
    host: parsed.host,
    basePath: parsed.pathname.replace(/\/+$/, ''),
  };
}
