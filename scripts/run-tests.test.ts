import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, onTestFinished } from 'vitest';

// The runner's closing line is what CI reads, so it is tested on files planted to break in the ways
// vitest's own counts hide: a throwing beforeAll, a failing afterAll, a worker that dies, a folder left
// in the temporary folder.
const repoRoot = fileURLToPath(new URL('..', import.meta.url));

function runTests(args: string[], env: NodeJS.ProcessEnv = {}): { status: number | null; output: string; lastLine: string } {
  const run = spawnSync(process.execPath, ['scripts/run-tests.mjs', ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...process.env, ...env, FORCE_COLOR: '0', NO_COLOR: '1' },
    timeout: 120_000,
  });
  const output = `${run.stdout}${run.stderr}`;
  const lines = run.stdout.trim().split('\n');
  return { status: run.status, output, lastLine: lines[lines.length - 1] ?? '' };
}

/** The processes (Linux /proc) whose command line contains `text`. */
function processesMentioning(text: string): string[] {
  if (!existsSync('/proc/self/cmdline')) return [];
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name) && name !== String(process.pid))
    .flatMap((pid) => {
      try {
        const commandLine = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
        return commandLine.includes(text) ? [`${pid}: ${commandLine}`] : [];
      } catch {
        return [];
      }
    });
}

function counts(line: string): { passed: number; failed: number; skipped: number } {
  const match = /^(\d+) passed, (\d+) failed(?:, (\d+) skipped)?$/.exec(line);
  expect(match, `closing line: ${line}`).not.toBeNull();
  return { passed: Number(match?.[1]), failed: Number(match?.[2]), skipped: Number(match?.[3] ?? 0) };
}

describe('scripts/run-tests.mjs', () => {
  it('counts the tests of a throwing beforeAll, a failing afterAll and a killed worker as failed, by name', () => {
    const run = runTests(['--config', 'scripts/planted-failures/vitest.config.ts']);
    expect(run.status).toBe(1);
    const { passed, failed, skipped } = counts(run.lastLine);
    expect(passed).toBe(2);
    // 2 behind the beforeAll, 1 behind the afterAll, 2 in the killed worker's file (+ the worker's own
    // error), 1 folder left behind.
    expect(failed).toBeGreaterThanOrEqual(6);
    // The passing file's skip, and the test that runs only when asked to be stopped.
    expect(skipped).toBe(2);
    expect(run.output).toMatch(/throwing-before-all\.planted\.ts > needs the setup \(first\): .*planted: the setup broke/);
    expect(run.output).toMatch(/throwing-before-all\.planted\.ts > needs the setup \(second\): /);
    expect(run.output).toMatch(/failing-after-all\.planted\.ts > passes on its own: .*hook guarding it failed/);
    expect(run.output).toMatch(/killed-worker\.planted\.ts > kills its own worker: did not finish/);
    expect(run.output).toMatch(/killed-worker\.planted\.ts > never gets to run: did not finish/);
  });

  it('gives the run a temporary folder of its own, counts what a test leaves in it as failed, by name, and removes it', () => {
    // The run's own temporary folder goes inside this one, so what the runner leaves is seen here.
    const outer = mkdtempSync(join(tmpdir(), 'dendrite-run-tests-'));
    onTestFinished(() => rmSync(outer, { recursive: true, force: true }));
    const run = runTests(['--config', 'scripts/planted-failures/vitest.config.ts', 'leaves-temp-folder'], { TMPDIR: outer });
    expect(run.status).toBe(1);
    // The planted test passes only when os.tmpdir() is the run's own folder.
    expect(counts(run.lastLine)).toEqual({ passed: 1, failed: 1, skipped: 0 });
    expect(run.output).toMatch(/Left in the tests' temporary folder \(1\)/);
    expect(run.output).toMatch(/✗ planted-leftover-\w{6}\/ \(1 entries: left\.txt\)/);
    expect(readdirSync(outer)).toEqual([]);
  });

  it('passes a run that leaves its temporary folder empty', () => {
    const outer = mkdtempSync(join(tmpdir(), 'dendrite-run-tests-'));
    onTestFinished(() => rmSync(outer, { recursive: true, force: true }));
    const run = runTests(['--config', 'scripts/planted-failures/vitest.config.ts', 'passing'], { TMPDIR: outer });
    expect(run.status).toBe(0);
    expect(run.output).not.toMatch(/Left in the tests' temporary folder/);
    expect(readdirSync(outer)).toEqual([]);
  });

  it('removes its temporary folder when the run is stopped midway (SIGTERM)', async () => {
    const outer = mkdtempSync(join(tmpdir(), 'dendrite-run-tests-'));
    onTestFinished(() => rmSync(outer, { recursive: true, force: true }));
    const runner = spawn(
      process.execPath,
      ['scripts/run-tests.mjs', '--config', 'scripts/planted-failures/vitest.config.ts', 'stopped-mid-run'],
      {
        cwd: repoRoot,
        env: { ...process.env, TMPDIR: outer, DENDRITE_PLANTED_STOP: '1' },
        stdio: 'ignore',
      },
    );
    const exited = new Promise<number | null>((resolve) => runner.on('close', (code) => resolve(code)));
    const planted = (): boolean =>
      readdirSync(outer)
        .filter((name) => name.startsWith('dendrite-test-tmp-'))
        .some(
          (name) => existsSync(join(outer, name)) && readdirSync(join(outer, name)).some((entry) => entry.startsWith('planted-stopped-')),
        );
    for (let waited = 0; !planted(); waited += 100) {
      expect(waited, 'the planted test never started').toBeLessThan(60_000);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    runner.kill('SIGTERM');
    expect(await exited).toBe(1);
    expect(readdirSync(outer)).toEqual([]);
    // The stop reached vitest and its workers: none of them goes on running the planted test.
    expect(processesMentioning('stopped-mid-run')).toEqual([]);
  });

  it('prints the reason of every skipped test', () => {
    const run = runTests(['--config', 'scripts/planted-failures/vitest.config.ts', 'passing']);
    expect(counts(run.lastLine)).toEqual({ passed: 1, failed: 0, skipped: 1 });
    expect(run.status).toBe(0);
    expect(run.output).toContain('1 skipped: planted reason');
  });

  it('counts the browser tests as skipped, with the reason, when Chromium is absent', () => {
    const run = runTests(['--project', 'web-browser', '--passWithNoTests', 'packages/web/src/webgl-renderer'], {
      DENDRITE_CHROMIUM: '/nonexistent/chromium',
    });
    const { passed, failed, skipped } = counts(run.lastLine);
    expect({ passed, failed }).toEqual({ passed: 0, failed: 0 });
    expect(skipped).toBeGreaterThan(0);
    expect(run.output).toContain(`${skipped} skipped: DENDRITE_CHROMIUM=/nonexistent/chromium is not an executable file`);
    expect(run.output).toContain('webgl-renderer.browser.test.ts > softwareWebglRenderer in a browser');
  });

  it('counts the browser tests as failed, not skipped, when the Chromium found does not start', () => {
    const run = runTests(['--project', 'web-browser', 'packages/web/src/webgl-renderer'], { DENDRITE_CHROMIUM: '/bin/false' });
    expect(run.status).toBe(1);
    const { failed, skipped } = counts(run.lastLine);
    expect(failed).toBeGreaterThanOrEqual(1);
    expect(skipped).toBe(0);
    expect(run.output).toMatch(/webgl-renderer\.browser\.test\.ts: did not run/);
  });

  it('fails, in the closing line, when vitest cannot start', () => {
    const run = runTests(['--config', 'scripts/planted-failures/no-such-config.ts']);
    expect(run.status).toBe(1);
    expect(counts(run.lastLine).failed).toBeGreaterThanOrEqual(1);
  });
});
