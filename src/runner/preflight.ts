import { request } from 'undici';
import { EnvironmentError, errorMessage } from '../errors.js';
import { COLOURS } from '../shared/colour.js';
import type { RunningTarget } from '../targets/target.js';

const PREFLIGHT_TIMEOUT_MS = 5_000;

/**
 * Before any load or fault, everything the run will use must answer: the router and each colour's
 * own URL as an OpenAI or Ollama API (with the target's headers), and the router observer. Exit 3
 * naming what is missing or wrong.
 */
export async function preflightTarget(target: RunningTarget): Promise<void> {
  await preflightService(target.routerUrl, target.headers);
  for (const colour of COLOURS) {
    const url = target.colourUrls[colour];
    if (url === undefined) continue;
    await preflightService(url, target.headers).catch((error: unknown) => {
      throw new EnvironmentError(`${colour}: ${errorMessage(error)}`, { cause: error });
    });
  }
  try {
    await target.observer.observe();
  } catch (error) {
    throw new EnvironmentError(
      `preflight: the router observer (${target.observer.name}) failed: ${errorMessage(error)}`,
      {
        cause: error,
      },
    );
  }
}

/**
 * Before any load: the service at `url` must answer as an OpenAI-compatible API (`GET
 * /v1/models`) or, failing that, as Ollama (`GET /api/tags`). Anything else stops the run with
 * exit 3 and a message that says which of "unreachable", "refused our credentials" or "not an
 * OpenAI/Ollama API" it is.
 */
export async function preflightService(url: string, headers: Record<string, string> = {}): Promise<void> {
  const base = url.replace(/\/+$/, '');
  const openai = await probe(`${base}/v1/models`, headers, url);
  if (openai.ok) return;
  const ollama = openai.status === 404 ? await probe(`${base}/api/tags`, headers, url) : openai;
  if (ollama.ok) return;
  if (ollama.status === 401 || ollama.status === 403) {
    throw new EnvironmentError(
      `preflight: the target at ${url} refused the request with ${ollama.status}: give the credentials it needs (the target's headers)`,
    );
  }
  throw new EnvironmentError(
    `preflight: the target at ${url} is not serving an OpenAI or Ollama API: GET /v1/models answered ${openai.status}${openai === ollama ? '' : `, GET /api/tags answered ${ollama.status}`}`,
  );
}

async function probe(
  address: string,
  headers: Record<string, string>,
  shown: string,
): Promise<{ ok: boolean; status: number }> {
  try {
    const response = await request(address, {
      headers,
      headersTimeout: PREFLIGHT_TIMEOUT_MS,
      bodyTimeout: PREFLIGHT_TIMEOUT_MS,
    });
    await response.body.dump();
    return { ok: response.statusCode >= 200 && response.statusCode < 300, status: response.statusCode };
  } catch (error) {
    throw new EnvironmentError(`preflight: the target at ${shown} is not reachable: ${errorMessage(error)}`, {
      cause: error,
    });
  }
}
