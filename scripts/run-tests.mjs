// Runs every test in the repository with vitest and ends with the one line CI reads:
// `N passed, N failed` (with `, N skipped` when any were skipped).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const resultsDir = '.test-results';
const resultsFile = join(resultsDir, 'vitest.json');
mkdirSync(resultsDir, { recursive: true });
rmSync(resultsFile, { force: true });

const run = spawnSync(
  'npx',
  ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${resultsFile}`, ...process.argv.slice(2)],
  { stdio: 'inherit' },
);

let passed = 0;
let failed = 0;
let skipped = 0;
try {
  const report = JSON.parse(readFileSync(resultsFile, 'utf8'));
  passed = report.numPassedTests;
  failed = report.numFailedTests;
  skipped = report.numPendingTests + report.numTodoTests;
  // A file that fails to load has no tests to count; count it as a failure so it cannot pass unseen.
  failed += report.testResults.filter((file) => file.status === 'failed' && file.assertionResults.length === 0).length;
  // Each skipped test by name: the names of skippable tests carry the reason ("(skipped: ...)").
  const skippedNames = report.testResults.flatMap((file) =>
    file.assertionResults.filter((test) => test.status === 'pending' || test.status === 'skipped' || test.status === 'todo').map((test) => test.fullName),
  );
  if (skippedNames.length > 0) console.log(`\nSkipped:\n${skippedNames.map((name) => `  - ${name}`).join('\n')}`);
} catch {
  failed = Math.max(failed, 1);
  console.error('vitest wrote no results: it crashed before finishing.');
}
const exitCode = run.status === 0 && failed === 0 ? 0 : 1;
console.log(`${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`);
process.exit(exitCode);
