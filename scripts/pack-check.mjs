// The release dry run: packs every public package with `npm pack` (nothing is published) and checks
// that each tarball holds what a user needs and nothing else:
// - package.json, README.md, LICENSE, and every file its `exports`, `main` and `types` name;
// - otherwise only dist/**/*.js and dist/**/*.d.ts (CHANGELOG.md once there is one; NOTICE and
//   PROVENANCE.md for packages that ship data), each built from
//   a source file that still exists (no stale output), no tests, no test helpers unless the package
//   exports them (`./testing`), no fixtures, no source maps pointing at sources that are not shipped;
// - every relative import inside the tarball resolves inside it, and every package it imports is a
//   declared dependency or peer dependency (or a Node built-in);
// - internal dependencies pin the versions being released, TensorFlow.js is a peer, and native
//   backends are optional peers.
//
//   node scripts/pack-check.mjs [--clean] [--out DIR] [--json] [--root DIR]
//
// --clean deletes each package's dist and rebuilds it first (what a release does). --out keeps the
// tarballs in DIR (default: a new temporary folder). --json prints one JSON result on stdout:
// { outDir, packages: [{ name, version, tarball, files, problems }] }. --root checks another
// workspace laid out the same way (the release check's own tests use it). Exits 1 when a check fails.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, posix, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({
  options: {
    clean: { type: 'boolean', default: false },
    out: { type: 'string' },
    json: { type: 'boolean', default: false },
    root: { type: 'string' },
  },
});
const root = args.root ? resolve(args.root) : resolve(dirname(fileURLToPath(import.meta.url)), '..');
const log = args.json ? (line) => process.stderr.write(`${line}\n`) : (line) => process.stdout.write(`${line}\n`);

/** Workspace packages under packages/ that are published (not private). */
function publicPackages() {
  return readdirSync(join(root, 'packages'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(root, 'packages', entry.name, 'package.json')))
    .map((entry) => {
      const dir = join(root, 'packages', entry.name);
      return { dir, manifest: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) };
    })
    .filter(({ manifest }) => manifest.private !== true);
}

function run(command, commandArgs, cwd) {
  return execFileSync(command, commandArgs, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
}

/** Every file path an `exports` map (or `main`/`types`) points to, without the leading `./`. */
function exportedFiles(manifest) {
  const targets = [];
  const walk = (value) => {
    if (typeof value === 'string') targets.push(value);
    else if (value !== null && typeof value === 'object') Object.values(value).forEach(walk);
  };
  walk(manifest.exports);
  if (manifest.main) targets.push(manifest.main);
  if (manifest.types) targets.push(manifest.types);
  return [...new Set(targets.map((target) => posix.normalize(target)))];
}

/** The order of conditions matters: TypeScript takes the first that matches, so `types` goes first. */
function checkExportConditions(manifest, problems) {
  for (const [subpath, target] of Object.entries(manifest.exports ?? {})) {
    if (typeof target !== 'object' || target === null) continue;
    const conditions = Object.keys(target);
    if (!conditions.includes('types')) problems.push(`exports['${subpath}'] has no types condition`);
    else if (conditions[0] !== 'types') problems.push(`exports['${subpath}'] lists '${conditions[0]}' before 'types'`);
  }
}

const importPattern = /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s*['"]([^'"]+)['"]/gm;
const builtins = new Set(builtinModules);

function packageName(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function checkTarball(dir, manifest, files) {
  const problems = [];
  const shipped = new Set(files);
  const exportsTesting = Object.keys(manifest.exports ?? {}).includes('./testing');

  for (const required of ['package.json', 'README.md', 'LICENSE', ...exportedFiles(manifest)]) {
    if (!shipped.has(required)) problems.push(`${required} is missing`);
  }
  checkExportConditions(manifest, problems);
  for (const file of files) {
    // NOTICE and PROVENANCE.md: attributions and sources of shipped data (@dendrite/mobilenet-embedded).
    if (['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md', 'NOTICE', 'PROVENANCE.md'].includes(file)) continue;
    const built = /^dist\/(.+)\.(js|d\.ts)$/.exec(file);
    if (built === null) {
      problems.push(`${file} is not something users need (only dist/**/*.js and *.d.ts, README.md, LICENSE, CHANGELOG.md)`);
      continue;
    }
    const stem = built[1];
    if (/\.test$|\.test\.|(^|\/)fixtures\//.test(stem)) problems.push(`${file} is a test or fixture`);
    if (/^testing\//.test(stem) && !exportsTesting) problems.push(`${file} is a test helper the package does not export`);
    if (!existsSync(join(dir, 'src', `${stem}.ts`))) problems.push(`${file} has no source file src/${stem}.ts: stale output (delete dist and rebuild)`);
  }

  const declared = new Set([...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.peerDependencies ?? {})]);
  const used = new Set();
  for (const file of files.filter((name) => /\.(js|d\.ts)$/.test(name))) {
    const text = readFileSync(join(dir, file), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
    for (const match of text.matchAll(importPattern)) {
      const specifier = match[1] ?? match[2] ?? match[3];
      if (specifier.startsWith('.')) {
        const target = posix.normalize(posix.join(posix.dirname(file), specifier));
        const candidates = file.endsWith('.d.ts') ? [target, target.replace(/\.js$/, '.d.ts')] : [target];
        if (!candidates.some((candidate) => shipped.has(candidate))) problems.push(`${file} imports '${specifier}', which is not in the tarball`);
        continue;
      }
      const name = packageName(specifier);
      if (specifier.startsWith('node:') || builtins.has(name)) continue;
      used.add(name);
      if (name !== manifest.name && !declared.has(name)) problems.push(`${file} imports '${specifier}' but ${name} is not a dependency or peer dependency`);
    }
  }
  // Some packages are imported through a variable (optional backends, lazily loaded natives), so a
  // dependency also counts as used when its name is quoted anywhere in the shipped code.
  const shippedCode = files.filter((name) => name.endsWith('.js')).map((name) => readFileSync(join(dir, name), 'utf8')).join('\n');
  for (const name of Object.keys(manifest.dependencies ?? {})) {
    if (!used.has(name) && !new RegExp(`['"\`]${name.replace(/[/.]/g, '\\$&')}['"\`/]`).test(shippedCode)) problems.push(`dependency ${name} is never imported: drop it, or say why it is needed`);
  }
  return problems;
}

function checkManifest(manifest, versions) {
  const problems = [];
  if (manifest.type !== 'module') problems.push('type is not "module"');
  if (manifest.sideEffects !== false) problems.push('sideEffects is not false');
  if (!manifest.engines?.node) problems.push('engines.node is not set');
  if (!manifest.license) problems.push('license is not set');
  for (const [name, range] of Object.entries(manifest.dependencies ?? {})) {
    if (versions.has(name) && range !== versions.get(name)) problems.push(`depends on ${name} ${range} but the workspace releases ${versions.get(name)}`);
  }
  // A data-only package (no dependency and no peer at all, such as @dendrite/mobilenet-embedded) needs no TensorFlow.js.
  const dataOnly = Object.keys(manifest.dependencies ?? {}).length === 0 && Object.keys(manifest.peerDependencies ?? {}).length === 0;
  for (const tfjs of dataOnly ? [] : ['@tensorflow/tfjs-core', '@tensorflow/tfjs-layers']) {
    if (!manifest.peerDependencies?.[tfjs]) problems.push(`${tfjs} is not a peer dependency`);
    if (manifest.dependencies?.[tfjs]) problems.push(`${tfjs} is a dependency: it must be a peer, so that one copy is shared`);
  }
  for (const native of ['@tensorflow/tfjs-node', '@tensorflow/tfjs-node-gpu']) {
    if (manifest.dependencies?.[native]) problems.push(`${native} is a dependency: it must be an optional peer`);
    if (manifest.peerDependencies?.[native] && manifest.peerDependenciesMeta?.[native]?.optional !== true) problems.push(`${native} is a peer but not optional`);
  }
  return problems;
}

const packages = publicPackages();
if (args.clean) {
  for (const { dir } of packages) rmSync(join(dir, 'dist'), { recursive: true, force: true });
  log('Rebuilding every public package from a clean dist...');
  run('npx', ['turbo', 'run', 'build', '--force', '--output-logs=errors-only', ...packages.map(({ manifest }) => `--filter=${manifest.name}`)], root);
}
const outDir = args.out ? resolve(args.out) : mkdtempSync(join(tmpdir(), 'dendrite-release-'));
mkdirSync(outDir, { recursive: true });

const versions = new Map(packages.map(({ manifest }) => [manifest.name, manifest.version]));
const results = [];
for (const { dir, manifest } of packages) {
  if (!existsSync(join(dir, 'dist'))) {
    results.push({ name: manifest.name, version: manifest.version, tarball: null, files: [], problems: ['dist is missing: build first (npx turbo run build)'] });
    continue;
  }
  const [packed] = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', outDir], dir));
  const files = packed.files.map((file) => file.path).sort();
  const problems = [...checkManifest(manifest, versions), ...checkTarball(dir, manifest, files)];
  results.push({ name: manifest.name, version: manifest.version, tarball: join(outDir, packed.filename), size: packed.size, files, problems });
}

for (const result of results) {
  const status = result.problems.length === 0 ? 'ok' : `${result.problems.length} problem(s)`;
  log(`${result.name}@${result.version}: ${result.files.length} files, ${Math.round((result.size ?? 0) / 1024)} kB packed: ${status}`);
  for (const problem of result.problems) log(`  - ${problem}`);
}
log(`Tarballs in ${outDir} (nothing was published).`);
if (args.json) process.stdout.write(`${JSON.stringify({ outDir, packages: results })}\n`);
process.exitCode = results.some((result) => result.problems.length > 0) ? 1 : 0;
