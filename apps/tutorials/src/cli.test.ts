import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

async function tutorials(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [cli, ...args], { env: { ...process.env, CI: 'true' } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failure = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failure.code ?? -1, stdout: failure.stdout ?? '', stderr: failure.stderr ?? '' };
  }
}

describe('npm run tutorials', () => {
  it('takes the photos of course from the command line: one photo, and --cats for part 4', async () => {
    const twoPhotos = await tutorials('course', 'a.jpg', 'b.jpg');
    expect(twoPhotos.code).toBe(1);
    expect(twoPhotos.stderr).toContain('npm run tutorials -- course path/to/photo.jpg --cats path/to/cats');
    const { stdout } = await tutorials('--help');
    expect(stdout).toContain('course [photo] [--cats DIR]');
    expect(stdout).not.toMatch(/dendrite-tutorials|\.\.\/shared/);
  });

  it("prints no TensorFlow.js banner about tfjs-node on the cpu backend", async () => {
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
