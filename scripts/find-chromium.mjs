// Where the browser tests find Chromium, in one place, so that .ci/run, the browser tests and the test
// runner agree: DENDRITE_CHROMIUM when set, else `chromium` on PATH, else /usr/bin/chromium.
// Run as a script it prints the path found and exits 0, or prints why none was found and exits 1.
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** True when `path` is a file this process may execute. */
function isExecutable(path) {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * Finds Chromium for the browser tests.
 * @returns {{ path: string } | { path: undefined, reason: string }}
 */
export function findChromium(env = process.env) {
  if (env.DENDRITE_CHROMIUM) {
    return isExecutable(env.DENDRITE_CHROMIUM)
      ? { path: env.DENDRITE_CHROMIUM }
      : { path: undefined, reason: `DENDRITE_CHROMIUM=${env.DENDRITE_CHROMIUM} is not an executable file` };
  }
  for (const folder of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    const candidate = join(folder, 'chromium');
    if (isExecutable(candidate)) return { path: candidate };
  }
  if (isExecutable('/usr/bin/chromium')) return { path: '/usr/bin/chromium' };
  return {
    path: undefined,
    reason: 'no Chromium: none on PATH nor at /usr/bin/chromium (apt-get install chromium, or set DENDRITE_CHROMIUM)',
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const found = findChromium();
  console.log(found.path ?? found.reason);
  process.exit(found.path ? 0 : 1);
}
