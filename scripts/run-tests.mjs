// Runs every test in the repository with vitest and ends with the one line CI reads:
// `N passed, N failed` (with `, N skipped` when any were skipped). The counts come from
// scripts/summary-reporter.mjs, which counts a test guarded by a failing hook, a test whose worker
// died, a file that did not load or run, and an unhandled error as failed, and prints every skip's
// reason. Arguments are passed on to `vitest run` (file filters, --config, --project ...).
// The run gets a temporary folder of its own (TMPDIR, inherited by every worker and child, so
// os.tmpdir() points there); whatever a test leaves in it counts as one failed check per entry, named,
// and the folder is removed after the run, also when the run is interrupted (Ctrl-C, a CI timeout).
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const reporter = fileURLToPath(new URL('./summary-reporter.mjs', import.meta.url));
// vitest itself, not through npx: npx does not pass a stop signal on to it.
const vitestPackage = createRequire(import.meta.url).resolve('vitest/package.json');
const vitestBin = join(dirname(vitestPackage), JSON.parse(readFileSync(vitestPackage, 'utf8')).bin.vitest);
const resultsDir = mkdtempSync(join(tmpdir(), 'dendrite-tests-'));
const summaryFile = join(resultsDir, 'summary.json');
const testTmp = mkdtempSync(join(tmpdir(), 'dendrite-test-tmp-'));
// Readable by all but writable by the runner's user only: a test that runs a command as another user
// (CI runs as root, and one test drops to "nobody") gives it a temporary folder of its own in here.
chmodSync(testTmp, 0o755);
const args = process.argv.slice(2);
// Positional arguments are vitest's file filters; options that take a value are skipped with it.
const valued = new Set(['--config', '-c', '--project', '--root', '-r', '--dir', '-t', '--testNamePattern']);
const filters = args.filter((arg, index) => !arg.startsWith('-') && !valued.has(args[index - 1] ?? ''));

const child = spawn(process.execPath, [vitestBin, 'run', '--reporter=default', `--reporter=${reporter}`, ...args], {
  stdio: 'inherit',
  // Its own process group, so that a stop reaches vitest and every worker it forked (POSIX).
  detached: process.platform !== 'win32',
  env: {
    ...process.env,
    TMPDIR: testTmp,
    TMP: testTmp,
    TEMP: testTmp,
    // ONNX Runtime's telemetry (1.30 on Linux and macOS) writes mat-debug-<pid>.log and .ses into the
    // temporary folder of every process that loads it; tests run offline and send nothing.
    ORT_DISABLE_TELEMETRY: '1',
    // Chromium's audio client (libpulse) makes its runtime folder (pulse-XXXXXX) in the temporary folder
    // when the session has no XDG_RUNTIME_DIR and HOME holds none yet (a fresh HOME): it belongs to the
    // session, not to a test, so the runner gives it one of its own, removed with the results.
    PULSE_RUNTIME_PATH: join(resultsDir, 'pulse'),
    DENDRITE_TEST_SUMMARY: summaryFile,
    DENDRITE_TEST_FILTERS: JSON.stringify(filters),
  },
});
// An interrupted run still removes its temporary folder: the signal goes on to vitest and its
// workers, and the clean-up below runs once they have stopped.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    try {
      if (process.platform === 'win32') child.kill(signal);
      else process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  });
}
const run = await new Promise((resolve) => {
  child.on('error', (error) => {
    console.error(`vitest could not be started: ${error.message}`);
    resolve({ status: null, signal: null });
  });
  child.on('close', (status, signal) => resolve({ status, signal }));
});

let summary;
try {
  summary = JSON.parse(readFileSync(summaryFile, 'utf8'));
} catch {
  summary = { passed: 0, failed: 1, skipped: 0 };
  console.error(`vitest wrote no results (exit ${run.status ?? run.signal}): it crashed before finishing.`);
}
rmSync(resultsDir, { recursive: true, force: true });
const leftovers = leftoversIn(testTmp);
try {
  rmSync(testTmp, { recursive: true, force: true });
} catch (error) {
  leftovers.push(`${testTmp} could not be removed: ${error.message}`);
}
if (leftovers.length > 0) {
  console.log(`\nLeft in the tests' temporary folder (${leftovers.length}): each test must remove what it creates`);
  for (const line of leftovers) console.log(`  ✗ ${line}`);
}
// vitest failing with nothing counted as failed (a startup or config error) is still a failure.
const failed = (run.status !== 0 && summary.failed === 0 ? 1 : summary.failed) + leftovers.length;
console.log(`${summary.passed} passed, ${failed} failed${summary.skipped > 0 ? `, ${summary.skipped} skipped` : ''}`);
process.exit(run.status === 0 && failed === 0 ? 0 : 1);

/** Each entry left in `folder`, with what it holds, so the test that made it can be found. */
function leftoversIn(folder) {
  return readdirSync(folder, { withFileTypes: true }).map((entry) => {
    if (!entry.isDirectory()) return entry.name;
    try {
      const names = readdirSync(join(folder, entry.name));
      const sample = names.slice(0, 3).join(', ');
      const count = countEntries(join(folder, entry.name));
      return `${entry.name}/ (${count} entries${sample === '' ? '' : `: ${sample}${names.length > 3 ? ', ...' : ''}`})`;
    } catch (error) {
      return `${entry.name}/ (unreadable: ${error.code ?? error.message})`;
    }
  });
}

/** The files and folders under `folder`, links not followed (a link to node_modules is one entry). */
function countEntries(folder) {
  let count = 0;
  const pending = [folder];
  while (pending.length > 0) {
    const current = pending.pop();
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      count += 1;
      if (entry.isDirectory()) pending.push(join(current, entry.name));
    }
  }
  return count;
}
