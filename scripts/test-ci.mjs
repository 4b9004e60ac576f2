// Runs the whole vitest suite and ends with the one plain line CI reads:
// `tests: N passed, N failed`. Exits non-zero when anything failed.
//
// The suite is two vitest projects (vitest.config.ts) run side by side in two processes: the
// suites that share the Docker Engine, one file at a time, and all the others. Most suites wait
// on runs of real time rather than on the CPU, so this halves the wall time even on two cores.
// dist/ and the reference image are built once, first, so the two processes do not both build.
// Arguments (file filters, vitest flags) go to both.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { prepareTests } from './test-setup.mjs';

const PROJECTS = ['docker', 'rest'];

prepare();
const folder = mkdtempSync(join(tmpdir(), 'greenlight-vitest-'));
const runs = await Promise.all(PROJECTS.map((project) => runProject(project, join(folder, `${project}.json`))));

let passed = 0;
let failed = 0;
let skipped = 0;
for (const { resultsFile } of runs) {
  if (!existsSync(resultsFile)) {
    failed += 1;
    continue;
  }
  const results = JSON.parse(readFileSync(resultsFile, 'utf8'));
  passed += results.numPassedTests;
  failed += results.numFailedTests + (results.numRuntimeErrorTestSuites ?? 0);
  skipped += results.numPendingTests + results.numTodoTests;
  // A suite that failed to load has no tests to count: count it as one failure.
  failed += results.testResults.filter(
    (suite) => suite.status === 'failed' && suite.assertionResults.length === 0,
  ).length;
}
const skippedNote = skipped > 0 ? `, ${skipped} skipped` : '';
console.log(`JSON reports written to ${folder}`);
console.log(`tests: ${passed} passed, ${failed} failed${skippedNote}`);
process.exit(runs.every((run) => run.status === 0) && failed === 0 && passed > 0 ? 0 : 1);

function prepare() {
  try {
    prepareTests();
  } catch (error) {
    console.error(String(error instanceof Error ? error.message : error));
    console.log('tests: 0 passed, 1 failed');
    process.exit(1);
  }
}

function runProject(project, resultsFile) {
  const child = spawn(
    process.execPath,
    [
      'node_modules/vitest/vitest.mjs',
      'run',
      `--project=${project}`,
      '--passWithNoTests',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${resultsFile}`,
      ...process.argv.slice(2),
    ],
    { stdio: 'inherit', env: { ...process.env, GREENLIGHT_TEST_PREPARED: '1' } },
  );
  return new Promise((resolve) => child.on('exit', (status) => resolve({ status, resultsFile })));
}
