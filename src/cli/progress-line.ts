import type { RunProgress } from '../runner/progress.js';
import { formatClock, formatPercent, formatRps } from '../util/format.js';

/**
 * Shows run progress: on a terminal one line redrawn every second; in a log (CI) a plain line
 * every `logEveryMs`, so logs stay readable.
 */
export interface ProgressPrinter {
  update(progress: RunProgress): void;
  /** Prints a line above the progress line (which is redrawn on the next update). */
  note(line: string): void;
  done(): void;
}

export function createProgressPrinter(stream: NodeJS.WriteStream, logEveryMs = 5000): ProgressPrinter {
  let lastLogged = -Infinity;
  let drawn = false;
  return {
    update(progress) {
      const line = formatProgress(progress);
      if (stream.isTTY) {
        stream.write(`\r\x1b[2K${line.slice(0, Math.max(20, (stream.columns ?? 120) - 1))}`);
        drawn = true;
      } else if (progress.elapsedMs - lastLogged >= logEveryMs) {
        stream.write(`${line}\n`);
        lastLogged = progress.elapsedMs;
      }
    },
    note(line) {
      stream.write(`${drawn ? '\r\x1b[2K' : ''}${line}\n`);
      drawn = false;
    },
    done() {
      if (drawn) stream.write('\r\x1b[2K');
      drawn = false;
    },
  };
}

export function formatProgress(p: RunProgress): string {
  const faults = p.activeFaults.length > 0 ? p.activeFaults.join(', ') : 'none';
  return [
    `${p.phase.padEnd(10)} ${formatClock(p.elapsedMs)}/${formatClock(p.totalMs)}`,
    formatRps(p.rps).padStart(10),
    `err ${formatPercent(p.errorRate, 1).padStart(7)}`,
    `in flight ${p.inFlight}`,
    `dropped ${p.droppedTotal}`,
    `router: ${p.router}`,
    `faults: ${faults}`,
  ].join('  ');
}
