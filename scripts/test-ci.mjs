// Runs the whole vitest suite with its JSON reporter next to the default one and ends with the
// one plain line CI reads: `tests: N passed, N failed`. Exits non-zero when anything failed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const resultsFile = join(mkdtempSync(join(tmpdir(), 'greenlight-vitest-')), 'results.json');
const run = spawnSync(
  process.execPath,
  [
    'node_modules/vitest/vitest.mjs',
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${resultsFile}`,
    ...process.argv.slice(2),
  ],
  { stdio: 'inherit' },
);

let passed = 0;
let failed = 0;
let skipped = 0;
if (existsSync(resultsFile)) {
  const results = JSON.parse(readFileSync(resultsFile, 'utf8'));
  passed = results.numPassedTests;
  failed = results.numFailedTests + (results.numRuntimeErrorTestSuites ?? 0);
  skipped = results.numPendingTests + results.numTodoTests;
  // A suite that failed to load has no tests to count: count it as one failure.
  failed += results.testResults.filter(
    (suite) => suite.status === 'failed' && suite.assertionResults.length === 0,
  ).length;
} else {
  failed = 1;
}
const skippedNote = skipped > 0 ? `, ${skipped} skipped` : '';
console.log(`tests: ${passed} passed, ${failed} failed${skippedNote}`);
process.exit(run.status === 0 && failed === 0 && passed > 0 ? 0 : 1);
