import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

/** A run id sorts by time and says what ran: 20261125-081716-quickstart. */
export function makeRunId(experimentName: string, now: Date = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  const slug =
    experimentName
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'run';
  return `${stamp}-${slug}`;
}

/** Creates reports/<run-id>/ (with a numeric suffix if that run id already exists). */
export function createRunDir(outDir: string, runId: string): { runId: string; runDir: string } {
  for (let attempt = 0; ; attempt++) {
    const id = attempt === 0 ? runId : `${runId}-${attempt + 1}`;
    const runDir = join(outDir, id);
    try {
      mkdirSync(outDir, { recursive: true });
      mkdirSync(runDir);
      return { runId: id, runDir };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}
