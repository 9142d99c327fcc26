import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { runTutorials } from './testing/run-tutorials.js';

const tutorials = (...args: string[]) => runTutorials(args);

describe('npm run tutorials', () => {
  it('takes the photos of course from the command line: one photo, and --cats for part 4', async () => {
    const twoPhotos = await tutorials('course', 'a.jpg', 'b.jpg');
    expect(twoPhotos.code).toBe(1);
    expect(twoPhotos.stderr).toContain('npm run tutorials -- course path/to/photo.jpg --cats path/to/cats');
    const { stdout } = await tutorials('--help');
    expect(stdout).toContain('course [photo] [--cats DIR]');
    expect(stdout).not.toMatch(/dendrite-tutorials|\.\.\/shared/);
  });

  it('prints no TensorFlow.js banner about tfjs-node on the cpu backend', async () => {
    const { code, stdout, stderr } = await tutorials('basics', '--backend', 'cpu');
    expect(code).toBe(0);
    expect(`${stdout}${stderr}`).not.toContain('Hi, looks like you are running TensorFlow.js in Node.js');
  });

  it('prints its usage with --help', async () => {
    const { code, stdout } = await tutorials('--help');
    expect(code).toBe(0);
    expect(stdout).toMatch(/basics\s+Part 2/);
    expect(stdout).toContain('--backend NAME');
  });

  it('names the commands when given an unknown one', async () => {
    const { code, stderr } = await tutorials('nonsense');
    expect(code).toBe(2);
    expect(stderr).toContain("Unknown command 'nonsense'");
  });

  it('rejects an unknown backend with the valid names', async () => {
    const { code, stderr } = await tutorials('basics', '--backend', 'quantum');
    expect(code).toBe(1);
    expect(stderr).toMatch(/Error: .*quantum.*cpu/);
  });

  it('rejects a --timeout that is not a whole number of seconds, and lists the option in its usage', async () => {
    const { code, stderr } = await tutorials('basics', '--timeout', 'soon');
    expect(code).toBe(1);
    expect(stderr).toMatch(/--timeout.*whole number/);
    expect((await tutorials('--help')).stdout).toContain('--timeout SEC');
  });

  it('refuses a --save onto a file before any training, naming the path, without a stack trace', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'dendrite-cli-save-'));
    onTestFinished(() => rmSync(folder, { recursive: true, force: true }));
    const file = join(folder, 'taken');
    writeFileSync(file, 'already here');
    const started = Date.now();
    const { code, stderr } = await tutorials('transfer', folder, '--save', file, '--backend', 'cpu');
    expect(code).toBe(1);
    expect(stderr).toContain(`Error: Invalid --save: ${file} is a file, not a folder`);
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(readFileSync(file, 'utf8')).toBe('already here');
  });

  it('rejects a seed that is not a whole number', async () => {
    const { code, stderr } = await tutorials('basics', '--seed', 'abc');
    expect(code).toBe(1);
    expect(stderr).toMatch(/--seed.*whole number/);
  });

  it('gives one JSON result on stdout with --json', async () => {
    const { code, stdout } = await tutorials('basics', '--json', '--backend', 'cpu', '--seed', '42');
    expect(code).toBe(0);
    const result = JSON.parse(stdout) as Record<string, unknown> & {
      backend: { selected: string; attempts: { name: string; outcome: string }[] };
      params: { total: number };
      argmax: number[];
      history: { accuracy: number[] };
      validationHistory: { val_accuracy: number[] };
    };
    expect(result.command).toBe('basics');
    expect(result.backend.selected).toBe('cpu');
    expect(result.params.total).toBe(34);
    expect(result.argmax).toEqual([0, 0, 0, 0, 0, 1, 1, 1, 1, 1]);
    expect(result.history.accuracy).toHaveLength(10);
    expect(result.validationHistory.val_accuracy).toHaveLength(10);
  });
});
