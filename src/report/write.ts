import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Summary } from '../evaluate/summary.js';
import type { JournalEvent } from '../journal/events.js';
import { writeFileAtomic } from './atomic-write.js';
import { buildChartTimeline, type ChartTimeline } from './chart-timeline.js';
import { renderHtml } from './html.js';
import { renderJunit } from './junit.js';

export interface ReportFiles {
  html: string;
  summary: string;
  junit: string;
}

/** Writes index.html, summary.json and junit.xml for a journal held in memory; returns their paths. */
export async function writeReport(
  runDir: string,
  summary: Summary,
  events: readonly JournalEvent[],
): Promise<ReportFiles> {
  return writeReportFiles(runDir, summary, buildChartTimeline(summary, events));
}

/** Writes index.html, summary.json and junit.xml into the run folder; returns their paths. */
export async function writeReportFiles(
  runDir: string,
  summary: Summary,
  timeline: ChartTimeline,
): Promise<ReportFiles> {
  const paths: ReportFiles = {
    html: join(runDir, 'index.html'),
    summary: join(runDir, 'summary.json'),
    junit: join(runDir, 'junit.xml'),
  };
  const html = renderHtml(summary, timeline);
  await mkdir(runDir, { recursive: true });
  await Promise.all([
    writeFileAtomic(paths.summary, `${JSON.stringify(summary, null, 2)}\n`),
    writeFileAtomic(paths.junit, renderJunit(summary)),
    writeFileAtomic(paths.html, html),
  ]);
  return paths;
}
