import { feedBucket, feedInTimeOrder } from '../evaluate/bucket-sink.js';
import { planEvaluation } from '../evaluate/evaluate.js';
import { RunIndexBuilder, requireIndex } from '../evaluate/run-index.js';
import type { Summary } from '../evaluate/summary.js';
import type { BucketEvent } from '../journal/events.js';
import { streamJournal } from '../journal/reader.js';
import { planChartTimeline, type ChartTimeline } from './chart-timeline.js';
import { writeReportFiles, type ReportFiles } from './write.js';

/**
 * Evaluates a run from its journal file and writes its report: what the runner does at the end
 * of a run, and `greenlight report <run-dir>`.
 */
export async function reportFromJournal(
  runDir: string,
  journalPath: string,
): Promise<{ summary: Summary; files: ReportFiles }> {
  const { summary, timeline } = await analyseJournal(journalPath);
  return { summary, files: await writeReportFiles(runDir, summary, timeline) };
}

/**
 * The verdict and the charts of a journal file, in memory bounded by the run's length in
 * seconds rather than by the journal's size: a first read builds the index (every event but the
 * buckets, and the buckets' counters per second), a second one feeds the buckets' histograms to
 * the evaluation and the charts, decoding each histogram once.
 */
export async function analyseJournal(journalPath: string): Promise<{ summary: Summary; timeline: ChartTimeline }> {
  const builder = new RunIndexBuilder();
  const { truncated } = await streamJournal(journalPath, (event) => builder.add(event));
  const index = requireIndex(builder.finish());
  const evaluation = planEvaluation(index, { journalTruncated: truncated });
  const charts = planChartTimeline(index);
  const sinks = [...evaluation.sinks, ...charts.sinks];
  // The engines write buckets in time order; a journal that is not (hand-made, merged) is sorted in memory.
  const unordered: BucketEvent[] = [];
  await streamJournal(journalPath, (event) => {
    if (event.type !== 'bucket') return;
    if (index.bucketsInOrder) feedBucket(event, sinks);
    else unordered.push(event);
  });
  feedInTimeOrder(unordered, sinks);
  const summary = evaluation.result();
  return { summary, timeline: charts.timeline(summary) };
}
