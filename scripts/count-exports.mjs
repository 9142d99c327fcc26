// Prints each package's runtime exports (the names its main entry point gives at run time; types
// are not counted) and fails when a package is over its budget. Plumbing belongs behind the
// package's internal subpath (such as '@dendrite/core/internal'), which is not counted.
// Run after building: node scripts/count-exports.mjs [--list]
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Runtime exports each package may have (issue 13). A package without one is printed, not checked. */
const BUDGETS = { core: 25, data: 14, mobilenet: 22, node: 6, web: 6 };

const root = new URL('..', import.meta.url).pathname;
const packages = readdirSync(join(root, 'packages'))
  .filter((name) => existsSync(join(root, 'packages', name, 'package.json')))
  .sort();
const list = process.argv.includes('--list');
const over = [];
for (const name of packages) {
  const pkg = JSON.parse(readFileSync(join(root, 'packages', name, 'package.json'), 'utf8'));
  const main = pkg.exports?.['.']?.import ?? pkg.main;
  const file = join(root, 'packages', name, main);
  if (!existsSync(file)) {
    console.log(`${pkg.name.padEnd(20)} not built (${main} missing): run the build first`);
    over.push(pkg.name);
    continue;
  }
  let names;
  try {
    names = Object.keys(await import(pathToFileURL(file).href)).sort();
  } catch (error) {
    console.log(`${pkg.name.padEnd(20)} cannot be imported in Node: ${error instanceof Error ? error.message : String(error)}`);
    over.push(pkg.name);
    continue;
  }
  const budget = BUDGETS[name];
  const verdict = budget === undefined ? 'no budget' : names.length <= budget ? `within ${budget}` : `OVER ${budget}`;
  console.log(`${pkg.name.padEnd(20)} ${String(names.length).padStart(3)} runtime exports  ${verdict}`);
  if (list || (budget !== undefined && names.length > budget)) console.log(`  ${names.join(', ')}`);
  if (budget !== undefined && names.length > budget) over.push(pkg.name);
}
if (over.length > 0) {
  console.log(`\nOver budget or not counted: ${over.join(', ')}. Move plumbing behind the package's internal subpath.`);
  process.exitCode = 1;
}
