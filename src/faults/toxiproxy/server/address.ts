import { isIP } from 'node:net';
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

/** The address to bind for a loopback host (localhost binds 127.0.0.1, as Go resolves it); undefined for any other host. */
export function loopbackBindHost(host: string): string | undefined {
  if (host === 'localhost') return '127.0.0.1';
  if (isIP(host) === 4 && host.startsWith('127.')) return host;
  return host === '::1' ? host : undefined;
}

/** Where a proxy listens: a loopback host only, since greenlight never exposes a proxy beyond this machine. */
export function parseListenAddress(listen: string): HostPort {
  const address = splitHostPort(listen);
  const host = address && loopbackBindHost(address.host);
  if (!address || host === undefined) {
    throw apiError(
      'badRequestBody',
      `listen address "${listen}" is not a loopback host:port (the embedded Toxiproxy binds 127.0.0.0/8 or ::1 only)`,
    );
  }
  return { host, port: address.port };
}

export function parseUpstreamAddress(upstream: string): HostPort {
  const address = splitHostPort(upstream);
  if (!address || address.host === '' || address.port === 0) {
    throw apiError('badRequestBody', `upstream address "${upstream}" is not host:port`);
  }
  return address;
}
