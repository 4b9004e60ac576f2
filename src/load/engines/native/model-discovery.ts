import type { Dispatcher } from 'undici';
import { asRecord } from '../../workloads/streams/json-fields.js';

/** Sent when the service lists no model (or cannot be asked). */
export const FALLBACK_MODEL = 'default';

/**
 * Asks the service which models it serves (GET /v1/models, OpenAI's list shape, which Ollama
 * also speaks) and returns the first id; FALLBACK_MODEL when that fails in any way. `headers`
 * go with the request (a target's Authorization).
 */
export async function discoverModel(
  dispatcher: Dispatcher,
  target: { origin: string; basePath: string },
  signal: AbortSignal,
  headers: Record<string, string> = {},
): Promise<string> {
  try {
    const response = await dispatcher.request({
      origin: target.origin,
      path: `${target.basePath}/v1/models`,
      method: 'GET',
      headers,
      signal,
    });
    if (response.statusCode !== 200) {
      await response.body.dump();
      return FALLBACK_MODEL;
    }
    const data = asRecord(await response.body.json())?.['data'];
    const id = Array.isArray(data) ? asRecord(data[0])?.['id'] : undefined;
    return typeof id === 'string' && id !== '' ? id : FALLBACK_MODEL;
  } catch {
    return FALLBACK_MODEL;
  }
}
