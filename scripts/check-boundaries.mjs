// Checks the architecture's import rules for the package in the working directory:
// - core, data and mobilenet are platform-neutral: no node:* or Node built-ins, no backends, no platforms;
// - packages never import apps, and nothing imports a package's own index from inside it;
// - only a package's own dependencies (or peers) are imported.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative } from 'node:path';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const shortName = pkg.name.replace('@dendrite/', '');
const neutral = ['core', 'data', 'keras', 'mobilenet', 'mobilenet-embedded'].includes(shortName);
const allowed = new Set([
  pkg.name,
  ...Object.keys(pkg.dependencies ?? {}),
  ...Object.keys(pkg.peerDependencies ?? {}),
  ...Object.keys(pkg.devDependencies ?? {}),
]);
// onnxruntime-node checks exported graphs in tests; the neutral packages themselves never import it.
const testOnly = new Set(['vitest', '@dendrite/node', '@dendrite/core', 'typescript', 'onnxruntime-node']);
const builtins = new Set(builtinModules);

function* sourceFiles(dir) {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) yield* sourceFiles(path);
    else if (/\.(ts|tsx|mts)$/.test(entry) && !entry.endsWith('.d.ts')) yield path;
  }
}

const problems = [];
const importPattern = /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s*['"]([^'"]+)['"]/gm;
for (const file of sourceFiles('src')) {
  const isTest = /\.test\.ts$/.test(file) || file.includes(`${join('src', 'testing')}`);
  // Comments are dropped first: TSDoc examples import packages the code itself must not.
  const text = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  for (const match of text.matchAll(importPattern)) {
    const specifier = match[1] ?? match[2] ?? match[3];
    const where = `${relative('.', file)}: '${specifier}'`;
    if (specifier.startsWith('.')) {
      if (/(^|\/)index(\.js)?$/.test(specifier) && !file.endsWith('index.ts')) problems.push(`${where} imports the package's own index`);
      continue;
    }
    const bare = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0];
    const isBuiltin = specifier.startsWith('node:') || builtins.has(bare);
    if (neutral && !isTest) {
      if (isBuiltin) problems.push(`${where} is a Node built-in in a platform-neutral package`);
      if (/^@tensorflow\/tfjs-(backend|node)/.test(specifier)) problems.push(`${where} is a backend in a platform-neutral package`);
      if (/^@dendrite\/(node|web)$/.test(bare)) problems.push(`${where} is a platform in a platform-neutral package`);
    }
    if (bare.startsWith('@dendrite/tutorials') || bare.startsWith('@dendrite/web-app')) problems.push(`${where} imports an app`);
    if (!isBuiltin && !allowed.has(bare) && !(isTest && testOnly.has(bare))) problems.push(`${where} is not a dependency of ${pkg.name}`);
  }
}
if (problems.length > 0) {
  console.error(`${pkg.name}: ${problems.length} import rule(s) broken:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(`${pkg.name}: import rules hold`);
