import { request } from 'undici';
import { EnvironmentError, errorMessage } from '../errors.js';
import { COLOURS } from '../shared/colour.js';
import type { RunningTarget } from '../targets/target.js';

const PREFLIGHT_TIMEOUT_MS = 5_000;

/**
 * Before any load or fault, everything the run will use must answer: the router and each colour's
 * own URL as an OpenAI or Ollama API (with the target's headers), each reference admin API, and
 * the router observer unless it learns from the load itself. Exit 3 naming what is missing or wrong.
 */
export async function preflightTarget(target: RunningTarget): Promise<void> {
  await preflightService(target.routerUrl, target.headers, 'the router');
  for (const colour of COLOURS) {
    const url = target.colourUrls[colour];
    if (url !== undefined) await preflightService(url, target.headers, `${colour}'s own URL`);
    const admin = target.faultEnvironment.referenceAdmin?.[colour];
    if (admin !== undefined) await preflightReferenceAdmin(colour, admin);
  }
  if (target.observer.onJournalEvent) return;
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

/** Simulated GPU pressure and the cleanup audit go through a reference service's admin API: it must answer. */
async function preflightReferenceAdmin(colour: string, admin: string): Promise<void> {
  const shown = `${colour}'s reference admin API at ${admin}`;
  const state = await probe(`${admin.replace(/\/+$/, '')}/admin/state`, {}, shown);
  if (!state.ok) {
    throw new EnvironmentError(
      `preflight: ${shown} is not a greenlight reference service: GET /admin/state answered ${state.status}`,
    );
  }
}

/**
 * Before any load: the service at `url` must answer as an OpenAI-compatible API (`GET
 * /v1/models`) or, failing that, as Ollama (`GET /api/tags`). Anything else stops the run with
 * exit 3 and a message that says which of "unreachable", "refused our credentials" or "not an
 * OpenAI/Ollama API" it is.
 */
export async function preflightService(
  url: string,
  headers: Record<string, string> = {},
  what = 'the target',
): Promise<void> {
  const shown = `${what} at ${url}`;
  const base = url.replace(/\/+$/, '');
  const openai = await probe(`${base}/v1/models`, headers, shown);
  if (openai.ok) return;
  const ollama = openai.status === 404 ? await probe(`${base}/api/tags`, headers, shown) : openai;
  if (ollama.ok) return;
  if (ollama.status === 401 || ollama.status === 403) {
    throw new EnvironmentError(
      `preflight: ${shown} refused the request with ${ollama.status}: give the credentials it needs (the target's headers)`,
    );
  }
  throw new EnvironmentError(
    `preflight: ${shown} is not serving an OpenAI or Ollama API: GET /v1/models answered ${openai.status}${openai === ollama ? '' : `, GET /api/tags answered ${ollama.status}`}`,
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
    throw new EnvironmentError(`preflight: ${shown} is not reachable: ${errorMessage(error)}`, {
      cause: error,
    });
  }
}
