import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
// From src/testing (vitest) and dist/testing alike, the built command line.
const cli = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

/** What one run of the built dendrite-tutorials answered: its exit code and both streams. */
export interface TutorialsRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs the built command line (dist/cli.js) with `args`, as CI would (CI=true), and never throws:
 * a non-zero exit is returned as its code. `nodeOptions` go to node before the script; `env` adds to
 * (or, with `undefined`, removes from) the environment it inherits.
 */
export async function runTutorials(
  args: readonly string[],
  nodeOptions: readonly string[] = [],
  env: Readonly<Record<string, string | undefined>> = {},
): Promise<TutorialsRun> {
  try {
    const { stdout, stderr } = await run(process.execPath, [...nodeOptions, cli, ...args], { env: { ...process.env, CI: 'true', ...env }, maxBuffer: 2 ** 26 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failure = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failure.code ?? -1, stdout: failure.stdout ?? '', stderr: failure.stderr ?? '' };
  }
}
