import { InputError } from '../../../errors.js';

/** Where requests go: the origin a connection pool opens, and a path prefix, e.g. '/v1-proxy'. */
export interface TargetAddress {
  origin: string;
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
  return { origin: parsed.origin, basePath: parsed.pathname.replace(/\/+$/, '') };
}
