// Evaluates and renders a run folder's journal the way the runner and `greenlight report` do
// (streamed, src/report/from-journal.ts), in a fresh process so its peak RSS is the report's own.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { analyseJournal } from '../../src/report/from-journal.js';
import { writeReportFiles } from '../../src/report/write.js';

const [runDir] = process.argv.slice(2);
if (!runDir) throw new Error('usage: measure.mjs <run folder>');
const started = performance.now();
const { summary, timeline } = await analyseJournal(join(runDir, 'journal.ndjson'));
const evaluated = performance.now();
const files = await writeReportFiles(runDir, summary, timeline);
const rendered = performance.now();
process.stdout.write(
  `${JSON.stringify({
    evaluateMs: Math.round(evaluated - started),
    renderMs: Math.round(rendered - evaluated),
    peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
    htmlBytes: statSync(files.html).size,
    summaryBytes: statSync(files.summary).size,
    verdict: summary.verdict,
  })}\n`,
);
