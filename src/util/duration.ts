import { InputError } from '../errors.js';

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;
const PART = /(\d+(?:\.\d+)?)(ms|s|m|h)/gy;

/** Parses '250ms', '10s', '1m30s', '2h' into milliseconds; returns undefined when malformed. */
export function parseDurationMs(text: string): number | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  PART.lastIndex = 0;
  let total = 0;
  let consumed = 0;
  for (let match = PART.exec(trimmed); match; match = PART.exec(trimmed)) {
    const [whole, amount, unit] = match;
    total += Number(amount) * UNIT_MS[unit as keyof typeof UNIT_MS];
    consumed += whole.length;
  }
  return consumed === trimmed.length ? Math.round(total) : undefined;
}

/** Like parseDurationMs, but throws an InputError naming `where` on malformed input. */
export function requireDurationMs(text: string, where: string): number {
  const ms = parseDurationMs(text);
  if (ms === undefined) {
    throw new InputError(`${where}: expected a duration such as 500ms, 10s, 1m30s; got "${text}"`);
  }
  return ms;
}

/** 83_000 → '1m23s', 1500 → '1.5s', 250 → '250ms'. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${Number((ms / 1000).toFixed(1))}s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  return seconds === 0 ? `${minutes}m` : `${minutes}m${seconds}s`;
}

/** 83_000 → '01:23' for progress lines. */
export function formatClock(ms: number): string {
  const totalSeconds = Math.max(0, Math.floor(ms / 1000));
  const minutes = String(Math.floor(totalSeconds / 60)).padStart(2, '0');
  const seconds = String(totalSeconds % 60).padStart(2, '0');
  return `${minutes}:${seconds}`;
}
