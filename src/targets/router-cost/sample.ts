import { Agent, request } from 'undici';
import type { Workload } from '../../experiment/load-schema.js';
import { FALLBACK_MODEL, discoverModel } from '../../load/engines/native/model-discovery.js';
import { targetAddress } from '../../load/engines/native/target-address.js';
import { responseReader } from '../../load/workloads/response-reader.js';
import type { WorkloadRequest } from '../../load/workloads/request-body.js';
import { WorkloadSampler, needsDefaultModel } from '../../load/workloads/sampler.js';
import { readWorkloadDatasets } from '../../load/workloads/workload-datasets.js';
import { COLOUR_HEADER, isColour, type Colour, type ObservedColour } from '../../shared/colour.js';
import { Random } from '../../util/random.js';

/** Which way a request went: through the router, or straight to a colour. */
export type RouterCostRoute = 'router' | Colour;

/** One measured request. Times are milliseconds. */
export interface RouterCostSample {
  route: RouterCostRoute;
  /** The colour that answered: the one asked directly, or the one the router named in its header. */
  colour: ObservedColour;
  ok: boolean;
  ttftMs: number | undefined;
  latencyMs: number;
  /** The response's Server header, which names some routers (nginx). */
  server: string | undefined;
}

export interface RouterCostInput {
  routerUrl: string;
  /** Each colour's own URL, bypassing the router; a colour without one is not compared. */
  colourUrls: Partial<Record<Colour, string>>;
  workload: Workload;
  seed: number;
  /** Sent with every request (e.g. Authorization). */
  headers?: Record<string, string>;
}

export interface RouterCostSampling {
  /** How long new requests are started; default 3 s. */
  durationMs?: number;
  /** Time between two request starts, cycling router, blue, router, green; default 100 ms. */
  intervalMs?: number;
  /** A request still running after this is cut and counted as an error; default 10 s. */
  requestTimeoutMs?: number;
}

const DEFAULTS = { durationMs: 3000, intervalMs: 100, requestTimeoutMs: 10_000 };

/**
 * Sends the workload alternately through the router and straight to each colour — one request
 * every `intervalMs` for `durationMs`, so both ways see the same load at the same moments — and
 * measures each as the native engine does (TTFT at the first content token). The first request
 * of each route only opens connections and is not kept. Bounded: nothing is started after
 * `durationMs`, and nothing runs longer than `requestTimeoutMs`.
 */
export async function sampleRouterCost(
  input: RouterCostInput,
  sampling: RouterCostSampling = {},
): Promise<RouterCostSample[]> {
  const { durationMs, intervalMs, requestTimeoutMs } = { ...DEFAULTS, ...sampling };
  const colours = (['blue', 'green'] as const).filter((colour) => input.colourUrls[colour] !== undefined);
  const cycle: RouterCostRoute[] = colours.flatMap((colour) => ['router', colour] as const);
  if (cycle.length === 0) cycle.push('router');
  const urls: Partial<Record<RouterCostRoute, string>> = { router: input.routerUrl, ...input.colourUrls };

  const agent = new Agent({ connections: 16 });
  try {
    const model = needsDefaultModel(input.workload)
      ? await discoverModel(agent, targetAddress(input.routerUrl), AbortSignal.timeout(requestTimeoutMs), input.headers)
      : FALLBACK_MODEL;
    const sampler = new WorkloadSampler(
      input.workload,
      model,
      new Random(input.seed).stream('router-cost'),
      readWorkloadDatasets(input.workload),
    );
    const send = async (route: RouterCostRoute): Promise<RouterCostSample> => {
      const workloadRequest = sampler.next();
      const sample = await measureOne(urls[route] as string, workloadRequest, input.headers ?? {}, agent, {
        route,
        timeoutMs: requestTimeoutMs,
      });
      sampler.answered(workloadRequest, sample.reply);
      return sample.sample;
    };

    for (const route of new Set(cycle)) await send(route); // warm-up: connections, not figures
    const started = performance.now();
    const running: Promise<RouterCostSample>[] = [];
    for (let index = 0; ; index++) {
      const due = started + index * intervalMs;
      if (due - started >= durationMs) break;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      running.push(send(cycle[index % cycle.length] as RouterCostRoute));
    }
    return await Promise.all(running);
  } finally {
    await agent.destroy();
  }
}

async function measureOne(
  url: string,
  workloadRequest: WorkloadRequest,
  headers: Record<string, string>,
  agent: Agent,
  options: { route: RouterCostRoute; timeoutMs: number },
): Promise<{ sample: RouterCostSample; reply: string | undefined }> {
  const target = targetAddress(url);
  const startedAt = performance.now();
  const failed = (colour: ObservedColour, server?: string): { sample: RouterCostSample; reply: undefined } => ({
    sample: {
      route: options.route,
      colour,
      ok: false,
      ttftMs: undefined,
      latencyMs: performance.now() - startedAt,
      server,
    },
    reply: undefined,
  });
  const askedColour: ObservedColour = options.route === 'router' ? 'unknown' : options.route;
  try {
    const response = await request(`${target.origin}${target.basePath}${workloadRequest.path}`, {
      method: 'POST',
      dispatcher: agent,
      headers: { ...headers, 'content-type': 'application/json' },
      body: workloadRequest.body,
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    const server = headerValue(response.headers['server']);
    const named = headerValue(response.headers[COLOUR_HEADER]);
    const colour: ObservedColour = options.route !== 'router' ? options.route : isColour(named) ? named : 'unknown';
    if (response.statusCode < 200 || response.statusCode >= 300) {
      await response.body.dump();
      return failed(colour, server);
    }
    const reader = responseReader(workloadRequest, startedAt);
    for await (const chunk of response.body) reader.push(chunk as Buffer, performance.now());
    const measure = reader.end();
    const ok = measure.failure === undefined;
    return {
      sample: {
        route: options.route,
        colour,
        ok,
        ttftMs: measure.ttftMs,
        latencyMs: performance.now() - startedAt,
        server,
      },
      reply: ok ? measure.text : undefined,
    };
  } catch {
    return failed(askedColour);
  }
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
