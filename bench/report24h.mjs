// Benchmark 5: evaluating and rendering a 24-hour journal (two colours, a bucket per colour and
// second): time to evaluate, time to render, peak RSS and the size of index.html, for the streamed
// library path the runner uses, and for `greenlight report <run-dir>` as built.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { CLI, round } from './harness.mjs';

const run = promisify(execFile);
const here = import.meta.dirname;
const out = join(here, '..', 'dist', 'bench');
const MAX_BUFFER = 16 * 1024 * 1024;

export async function report24hBenchmark({ hours = 24 } = {}) {
  await build({
    entryPoints: {
      'report24h-generate': join(here, 'report24h', 'generate.ts'),
      'report24h-measure': join(here, 'report24h', 'measure.ts'),
    },
    outdir: out,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  });
  const folder = mkdtempSync(join(tmpdir(), 'greenlight-bench-report-'));
  try {
    const journal = await node([join(out, 'report24h-generate.mjs'), join(folder, 'journal.ndjson'), String(hours)]);
    const library = await node([join(out, 'report24h-measure.mjs'), folder]);
    const started = performance.now();
    const cli = await run(
      process.execPath,
      ['--import', pathToFileURL(join(here, 'report24h', 'peak-rss.mjs')).href, CLI, 'report', folder],
      {
        maxBuffer: MAX_BUFFER,
      },
    ).catch((error) => error);
    const cliMs = Math.round(performance.now() - started);
    const peak = /peak-rss-kib (\d+)/.exec(cli.stderr ?? '');
    return {
      benchmark: 'report24h',
      hours,
      journal: { lines: journal.lines, buckets: journal.buckets, megabytes: round(journal.bytes / 2 ** 20, 1) },
      generateMs: journal.generateMs,
      streamed: {
        evaluateMs: library.evaluateMs,
        renderMs: library.renderMs,
        peakRssMiB: library.peakRssMiB,
        htmlKiB: round(library.htmlBytes / 1024, 1),
        verdict: library.verdict,
      },
      cli: {
        command: 'greenlight report <run-dir>',
        // The CLI exits 1: the synthetic run's verdict fails one SLO on purpose.
        exitCode: cli.code ?? 0,
        wallMs: cliMs,
        peakRssMiB: peak ? round(Number(peak[1]) / 1024, 0) : null,
      },
    };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** Runs a bundled script and parses the JSON line it prints. */
async function node(args) {
  const { stdout } = await run(process.execPath, args, { maxBuffer: MAX_BUFFER });
  return JSON.parse(stdout);
}
