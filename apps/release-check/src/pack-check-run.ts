import { join } from 'node:path';
import { type CommandResult, repoRoot, runCommand } from './repo.js';

/** One package as scripts/pack-check.mjs reports it. */
export interface PackedPackage {
  readonly name: string;
  readonly version: string;
  readonly tarball: string | null;
  readonly files: readonly string[];
  readonly problems: readonly string[];
}

export interface PackCheckResult {
  readonly run: CommandResult;
  readonly outDir?: string;
  readonly packages: readonly PackedPackage[];
}

/**
 * Runs the release dry run (scripts/pack-check.mjs) on a workspace root, packing its public
 * packages into `outDir`, and returns its report.
 */
export async function runPackCheck(outDir: string, root: string = repoRoot): Promise<PackCheckResult> {
  const run = await runCommand(process.execPath, [join(repoRoot, 'scripts/pack-check.mjs'), '--json', '--out', outDir, '--root', root], {
    cwd: root,
  });
  const lastLine = run.stdout.trim().split('\n').at(-1) ?? '';
  try {
    const report = JSON.parse(lastLine) as { outDir: string; packages: PackedPackage[] };
    return { run, outDir: report.outDir, packages: report.packages };
  } catch {
    return { run, packages: [] };
  }
}
