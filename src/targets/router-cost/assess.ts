import type { RouterCostColour, RouterCostEvent, RouterCostPath } from '../../journal/events.js';
import type { RouterCostSample } from './sample.js';

/** The routers whose way of holding back first tokens greenlight can name the fix for. */
export type KnownRouter = 'haproxy' | 'nginx';

/**
 * A router holds back first tokens when it adds at least this much more to TTFT than to the whole
 * answer. Distance (a router on another host) adds the same to both; holding small writes back
 * (HAProxy without http-no-delay: ~200 ms) or buffering the stream (nginx) adds to TTFT only.
 */
export const HOLD_BACK_MS = 50;
/** Fewer successful streamed answers than this on either side says nothing. */
export const MIN_ANSWERS = 3;

export const FIXES: Record<KnownRouter | 'unknown', string> = {
  haproxy:
    'add `option http-no-delay` to the HAProxy backend (or frontend) that carries the model traffic: without it HAProxy lets the kernel hold small writes back for fuller packets',
  nginx:
    'set `proxy_buffering off;` (and `proxy_http_version 1.1;`, no gzip for text/event-stream) in the nginx location that proxies the model, or have the service send `X-Accel-Buffering: no`',
  unknown:
    'turn off response buffering and small-write coalescing for streamed answers on the router (HAProxy: `option http-no-delay`; nginx: `proxy_buffering off;` or `X-Accel-Buffering: no`)',
};

/**
 * What the router adds, per colour that answered through it: medians through the router minus
 * medians of the same colour asked directly. Router answers that name no colour are compared
 * with every direct answer. `declared` is the router kind the target names, if any; otherwise an
 * nginx is recognised by its Server header.
 */
export function assessRouterCost(
  samples: readonly RouterCostSample[],
  options: { t: number; durationMs: number; declared?: KnownRouter | undefined },
): RouterCostEvent {
  const viaRouter = samples.filter((sample) => sample.route === 'router');
  const direct = samples.filter((sample) => sample.route !== 'router');
  const answered = [...new Set(viaRouter.map((sample) => sample.colour))].sort();
  const compared = answered.map((colour) => {
    const routed = viaRouter.filter((sample) => sample.colour === colour);
    const straight = colour === 'unknown' ? direct : direct.filter((sample) => sample.colour === colour);
    return { colour, routed, straight };
  });
  const colours: RouterCostColour[] = compared.map(({ colour, routed, straight }) => {
    const [through, asked] = [pathFigures(routed), pathFigures(straight)];
    return {
      colour,
      direct: asked,
      viaRouter: through,
      addedTtftMs: difference(through.ttftP50Ms, asked.ttftP50Ms),
      addedLatencyMs: difference(through.latencyP50Ms, asked.latencyP50Ms),
    };
  });
  const judged = colours.filter(
    (_row, index) =>
      streamedAnswers(compared[index]?.routed ?? []) >= MIN_ANSWERS &&
      streamedAnswers(compared[index]?.straight ?? []) >= MIN_ANSWERS,
  );
  const holdsBackFirstTokens = judged.some(
    (row) => row.addedTtftMs !== null && row.addedTtftMs - Math.max(row.addedLatencyMs ?? 0, 0) >= HOLD_BACK_MS,
  );
  const router =
    options.declared ?? (viaRouter.some((sample) => sample.server?.startsWith('nginx')) ? 'nginx' : 'unknown');
  const note = noteFor(samples, colours, judged);
  return {
    type: 'router.cost',
    t: options.t,
    durationMs: Math.round(options.durationMs),
    router,
    colours,
    holdsBackFirstTokens,
    ...(holdsBackFirstTokens ? { fix: FIXES[router as KnownRouter | 'unknown'] } : {}),
    ...(note ? { note } : {}),
  };
}

function pathFigures(samples: readonly RouterCostSample[]): RouterCostPath {
  const ok = samples.filter((sample) => sample.ok);
  return {
    requests: samples.length,
    errors: samples.length - ok.length,
    ttftP50Ms: median(ok.flatMap((sample) => (sample.ttftMs === undefined ? [] : [sample.ttftMs]))),
    latencyP50Ms: median(ok.map((sample) => sample.latencyMs)),
  };
}

function streamedAnswers(samples: readonly RouterCostSample[]): number {
  return samples.filter((sample) => sample.ok && sample.ttftMs !== undefined).length;
}

function noteFor(
  samples: readonly RouterCostSample[],
  colours: readonly RouterCostColour[],
  judged: readonly RouterCostColour[],
): string | undefined {
  if (!samples.some((sample) => sample.ttftMs !== undefined))
    return 'no streamed answer: the workload streams nothing (or nothing succeeded), so first tokens were not compared';
  if (judged.length < colours.length)
    return `fewer than ${MIN_ANSWERS} streamed answers on a side: first tokens were not compared`;
  if (colours.some((row) => row.colour === 'unknown'))
    return 'the router names no colour (x-greenlight-colour): its answers were compared with both colours asked directly';
  return undefined;
}

function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const value = sorted.length % 2 === 1 ? sorted[middle] : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
  return round(value ?? 0);
}

function difference(a: number | null, b: number | null): number | null {
  return a === null || b === null ? null : round(a - b);
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
