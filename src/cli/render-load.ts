import type { ClientSummary, LoadSummary } from '../evaluate/summary.js';
import { formatPercentiles } from './render-summary.js';

/** The result block `greenlight load` prints. */
export function renderLoad(load: LoadSummary, url: string): string {
  const errorShare = load.requests === 0 ? 0 : (load.errors / load.requests) * 100;
  const rate =
    load.model === 'closed'
      ? `closed model, ${load.concurrency ?? '?'} in flight: ${load.achievedRps} rps`
      : `${load.achievedRps} rps of ${load.targetRps} planned, ${load.droppedIterations} dropped`;
  const outcomes = Object.entries(load.outcomes)
    .sort(([, a], [, b]) => b - a)
    .map(([outcome, count]) => `${outcome} ×${count}`)
    .join(', ');
  const lines = [
    `load: ${url}`,
    `  requests  ${load.requests}, ${errorShare.toFixed(1)} % errors (${outcomes || 'none completed'})`,
    `  rate      ${rate}`,
    `  latency   ${formatPercentiles(load.latencyMs)}`,
    `  TTFT      ${formatPercentiles(load.ttftMs)}`,
    `  ITL       ${formatPercentiles(load.itlMs)}`,
  ];
  if (load.tpotMs) lines.push(`  TPOT      ${formatPercentiles(load.tpotMs)}`);
  if (load.outputTokensPerSecond !== undefined) {
    lines.push(
      `  tokens    ${load.outputTokensPerSecond} output tokens/s (outputs counted by ${load.tokenCounting?.outputTokens ?? 'none'})`,
    );
  }
  if (load.goodput && load.goodput.ratio !== null) {
    lines.push(`  goodput   ${(load.goodput.ratio * 100).toFixed(1)} % of requests, ${load.goodput.rps} rps`);
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
  const cpu = client.cpuPerRequestUs === null ? '' : `, ${Math.round(client.cpuPerRequestUs)} µs CPU per request`;
  const busy =
    client.eventLoopUtilization.mean === null ? '–' : `${Math.round(client.eventLoopUtilization.mean * 100)} %`;
  return `event-loop delay p99 ${delay.medianSecondP99 ?? '–'} ms (worst second ${delay.worstSecondP99 ?? '–'} ms), loop busy ${busy}${cpu}`;
}
