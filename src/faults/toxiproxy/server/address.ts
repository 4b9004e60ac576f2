import { apiError } from './api-error.js';

export interface HostPort {
  readonly host: string;
  readonly port: number;
}

/** Splits "host:port" or "[v6]:port" like Go's net.SplitHostPort; undefined when malformed. */
export function splitHostPort(address: string): HostPort | undefined {
  const match = /^(?:\[([^\]]*)\]|([^:[\]]*)):(\d{1,5})$/.exec(address);
  if (!match) return undefined;
  const port = Number(match[3]);
  return port <= 65_535 ? { host: match[1] ?? match[2] ?? '', port } : undefined;
}

export function joinHostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/**
 * The address to bind for a host, as Go's listener binds it: localhost binds 127.0.0.1, an empty
 * host every interface, any other name or address itself. Which host to expose is the user's call.
 */
export function bindAddress(host: string): string {
  if (host === 'localhost') return '127.0.0.1';
  return host === '' ? '::' : host;
}

/** Where a proxy listens: host:port, as in Toxiproxy ("127.0.0.1:0", "0.0.0.0:8666", ":8666"). */
export function parseListenAddress(listen: string): HostPort {
  const address = splitHostPort(listen);
  if (!address) throw apiError('badRequestBody', `listen address "${listen}" is not host:port`);
  return { host: bindAddress(address.host), port: address.port };
}

export function parseUpstreamAddress(upstream: string): HostPort {
  const address = splitHostPort(upstream);
  if (!address || address.host === '' || address.port === 0) {
    throw apiError('badRequestBody', `upstream address "${upstream}" is not host:port`);
  }
  return address;
}
