import type { ClientSummary, LoadSummary } from '../evaluate/summary.js';
import { formatCount, formatMs, formatPercent, formatRps } from '../util/format.js';
import { formatPercentiles } from './render-summary.js';

/** The result block `greenlight load` prints. */
export function renderLoad(load: LoadSummary, url: string): string {
  const errorShare = load.requests === 0 ? 0 : load.errors / load.requests;
  const rate =
    load.model === 'closed'
      ? `closed model, ${load.concurrency ?? '?'} in flight: ${formatRps(load.achievedRps)}`
      : `${formatRps(load.achievedRps)} of ${formatRps(load.targetRps)} planned, ${formatCount(load.droppedIterations)} dropped`;
  const outcomes = Object.entries(load.outcomes)
    .sort(([, a], [, b]) => b - a)
    .map(([outcome, count]) => `${outcome} ×${formatCount(count)}`)
    .join(', ');
  const lines = [
    `load: ${url}`,
    `  requests  ${formatCount(load.requests)}, ${formatPercent(errorShare)} errors (${outcomes || 'none completed'})`,
    `  rate      ${rate}`,
    `  latency   ${formatPercentiles(load.latencyMs)}`,
    `  TTFT      ${formatPercentiles(load.ttftMs)}`,
    `  ITL       ${formatPercentiles(load.itlMs)}`,
  ];
  if (load.tpotMs) lines.push(`  TPOT      ${formatPercentiles(load.tpotMs)}`);
  if (load.outputTokensPerSecond !== undefined) {
    lines.push(
      `  tokens    ${formatCount(load.outputTokensPerSecond)} output tokens/s (outputs counted by ${load.tokenCounting?.outputTokens ?? 'none'})`,
    );
  }
  if (load.goodput && load.goodput.ratio !== null) {
    lines.push(`  goodput   ${formatPercent(load.goodput.ratio)} of requests, ${formatRps(load.goodput.rps)}`);
  }
  lines.push(`  lag       ${formatPercentiles(load.scheduleLagMs)} (actual − planned start)`);
  if (load.client) lines.push(`  client    ${describeClient(load.client)}`);
  for (const reason of load.client?.reasons ?? [])
    lines.push(`  WARNING   the load generator was the bottleneck: ${reason}`);
  return lines.join('\n');
}

/** The engine's own health: how late its timers ran, how busy it was, its CPU per request. */
function describeClient(client: ClientSummary): string {
  const delay = client.eventLoopDelayMs;
  const cpu = client.cpuPerRequestUs === null ? '' : `, ${formatCount(client.cpuPerRequestUs)} µs CPU per request`;
  return `event-loop delay p99 ${formatMs(delay.medianSecondP99)} (worst second ${formatMs(delay.worstSecondP99)}), loop busy ${formatPercent(client.eventLoopUtilization.mean, 0)}${cpu}`;
}
