// Lints every publishable package as users receive it: packs it, then runs publint (package.json
// fields, exports, files) and @arethetypeswrong/cli (types resolve for each import form Dendrite
// supports: the packages are ESM only, so the CommonJS `require` forms are out of scope). Run after a build.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const failures = [];
for (const name of readdirSync('packages').sort()) {
  const folder = join('packages', name);
  const pkg = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8'));
  if (pkg.private) continue;
  for (const [tool, args] of [
    ['publint', ['publint', 'run', '--pack', 'npm', '--strict']],
    ['attw', ['attw', '--pack', '.', '--profile', 'esm-only', '--format', 'ascii']],
  ]) {
    const run = spawnSync('npx', ['--no-install', ...args], { cwd: folder, encoding: 'utf8' });
    if (run.status !== 0) {
      failures.push(`${pkg.name}: ${tool} failed`);
      process.stdout.write(run.stdout + run.stderr);
    }
  }
  console.log(`${pkg.name}: publint and attw ${failures.some((line) => line.startsWith(`${pkg.name}:`)) ? 'found problems' : 'clean'}`);
}
if (failures.length > 0) {
  console.error(failures.join('\n'));
  process.exit(1);
}
