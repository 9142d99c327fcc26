import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { runTutorials as tutorials } from './testing/run-tutorials.js';

// What the command line answers, as a shell sees it: its exit code, and which stream says why. None
// of these runs part 3 or 4, so they hold whatever those parts' content becomes. The CLI is the
// built one (dist/): `npm test` and `npm test -w apps/tutorials` build it first.
const run = promisify(execFile);
const scratch = mkdtempSync(join(tmpdir(), 'dendrite-cli-exit-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('dendrite-tutorials exit codes', () => {
  it('help: the usage on stdout, exit 0', async () => {
    const { code, stdout, stderr } = await tutorials(['help']);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toMatch(/^Usage/m);
    expect(stdout).toMatch(/course\s/);
  });

  it('no arguments: the usage, exit 1 (nothing was asked for, so nothing ran)', async () => {
    const { code, stdout, stderr } = await tutorials([]);
    expect(code).toBe(1);
    expect(`${stdout}${stderr}`).toMatch(/^Usage/m);
    expect(stdout).not.toMatch(/Backend:/);
  });

  it('an unknown option: exit 1, naming it, before any backend starts', async () => {
    const { code, stdout, stderr } = await tutorials(['basics', '--no-such-option']);
    expect(code).toBe(1);
    expect(stderr).toMatch(/^Error: .*'--no-such-option'.*--help/m);
    expect(stdout).toBe('');
  });

  it('conflicting options (--fast with --keras-way): exit 1, naming both, before any photo is read', async () => {
    const { code, stdout, stderr } = await tutorials(['transfer', scratch, '--fast', '--keras-way', '--backend', 'cpu']);
    expect(code).toBe(1);
    expect(stderr).toMatch(/^Error: .*--fast.*--keras-way/m);
    expect(stdout).not.toMatch(/Epoch|Found/);
  });

  it('course with a bad option: exit 1 before part 2 trains anything', async () => {
    const { code, stdout, stderr } = await tutorials(['course', '--top', '0', '--backend', 'cpu']);
    expect(code).toBe(1);
    expect(stderr).toMatch(/^Error: .*--top/m);
    expect(stdout).not.toMatch(/Epoch/);
  });

  // A fault planted in the process: the first line written to stdout throws a plain TypeError.
  const plantFault = (): string => {
    const fault = join(scratch, 'stdout-fault.mjs');
    writeFileSync(fault, "process.stdout.write = () => { throw new TypeError('planted stdout fault'); };\n");
    return fault;
  };

  it('an unexpected error (not a Dendrite one): exit 1, its message, that it is a bug, and no stack', async () => {
    const { code, stderr } = await tutorials(['basics', '--backend', 'cpu'], ['--import', plantFault()], { DENDRITE_DEBUG: undefined });
    expect(code).toBe(1);
    expect(stderr).toMatch(/^Unexpected error: planted stdout fault$/m);
    expect(stderr).toMatch(/^This is a bug in Dendrite.*DENDRITE_DEBUG=1/m);
    expect(stderr).not.toMatch(/^\s+at /m);
  });

  it('an unexpected error with DENDRITE_DEBUG=1: its stack, to see where it happened', async () => {
    const { code, stderr } = await tutorials(['basics', '--backend', 'cpu'], ['--import', plantFault()], { DENDRITE_DEBUG: '1' });
    expect(code).toBe(1);
    expect(stderr).toMatch(/^Unexpected error: TypeError: planted stdout fault\n\s+at /m);
    expect(stderr).toMatch(/^This is a bug in Dendrite/m);
  });
});

describe('npm start', () => {
  it('builds, then runs the course command, and passes its exit code on', async () => {
    const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
    // A bad option makes the course stop before part 2: proof that npm start reached `course`, cheaply.
    const started = await run('npm', ['start', '--', '--top', '0', '--backend', 'cpu'], {
      cwd: repoRoot,
      env: { ...process.env, CI: 'true' },
    }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error: { code?: number; stdout?: string; stderr?: string }) => ({
        code: error.code ?? -1,
        stdout: error.stdout ?? '',
        stderr: error.stderr ?? '',
      }),
    );
    expect(started.stdout).toMatch(/node apps\/tutorials\/dist\/cli\.js course --top 0/);
    expect(started.code).toBe(1);
    expect(started.stderr).toMatch(/^Error: .*--top/m);
    expect(started.stdout).not.toMatch(/Epoch/);
  });
});
