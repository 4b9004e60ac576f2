// Writes the synthetic soak journal the report24h benchmark reads (the same one test/report/soak.test.ts checks).
import { statSync } from 'node:fs';
import { writeSoakJournal } from '../../test/support/soak-journal.js';

const [path, hours] = process.argv.slice(2);
if (!path) throw new Error('usage: generate.mjs <journal path> [hours]');
const started = performance.now();
const truth = writeSoakJournal(path, Number(hours ?? 24));
process.stdout.write(
  `${JSON.stringify({
    lines: truth.lines,
    buckets: truth.buckets,
    bytes: statSync(path).size,
    generateMs: Math.round(performance.now() - started),
  })}\n`,
);
