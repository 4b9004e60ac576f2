import { parseListenAddress, parseUpstreamAddress } from './address.js';
import { apiError } from './api-error.js';
import { optionalField, requireObject } from './json-input.js';
import type { ProxyConfig } from './proxy.js';
import type { NewProxy } from './proxy-collection.js';

/** A POST /proxies body: name and upstream required, enabled by default. */
export function parseNewProxy(body: unknown): NewProxy {
  return readNewProxy(body, 'proxy', (field) => field);
}

/** A POST /populate body: a list of proxies, checked whole before anything changes. */
export function parsePopulate(body: unknown): NewProxy[] {
  if (!Array.isArray(body)) throw apiError('badRequestBody', 'json: cannot unmarshal into a list of proxies');
  const proxies = body.map((item, index) =>
    readNewProxy(item, `proxy ${index + 1}`, (field) => `${field} at proxy ${index + 1}`),
  );
  const names = new Set<string>();
  for (const [index, proxy] of proxies.entries()) {
    // Not an API error in Toxiproxy either, so it answers 500.
    if (names.has(proxy.name)) throw new Error(`duplicate proxy name "${proxy.name}" at proxy ${index + 1}`);
    names.add(proxy.name);
    parseListenAddress(proxy.listen);
    parseUpstreamAddress(proxy.upstream);
  }
  return proxies;
}

/** A POST /proxies/{proxy} body: every field defaults to the proxy's current value. */
export function parseProxyUpdate(current: ProxyConfig, body: unknown): ProxyConfig {
  const input = requireObject(body, 'proxy');
  return {
    listen: optionalField(input, 'listen', 'string', 'proxy') ?? current.listen,
    upstream: optionalField(input, 'upstream', 'string', 'proxy') ?? current.upstream,
    enabled: optionalField(input, 'enabled', 'boolean', 'proxy') ?? current.enabled,
  };
}

function readNewProxy(body: unknown, owner: string, missing: (field: string) => string): NewProxy {
  const input = requireObject(body, owner);
  const name = optionalField(input, 'name', 'string', owner) ?? '';
  const upstream = optionalField(input, 'upstream', 'string', owner) ?? '';
  if (name === '') throw apiError('missingField', missing('name'));
  if (upstream === '') throw apiError('missingField', missing('upstream'));
  return {
    name,
    listen: optionalField(input, 'listen', 'string', owner) ?? '',
    upstream,
    enabled: optionalField(input, 'enabled', 'boolean', owner) ?? true,
  };
}
