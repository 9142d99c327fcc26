import { isAbsolute, resolve } from 'node:path';

/**
 * Where a path typed on the command line points. `npm run tutorials` runs the app inside
 * apps/tutorials, so a relative path is taken from where the user typed the command (npm's
 * `INIT_CWD`), not from the app's folder. URLs are left as they are.
 *
 * @param path - a path or URL from the command line
 * @param environment - the process environment (for tests)
 * @returns an absolute path, or the URL
 */
export function userPath(path: string, environment: NodeJS.ProcessEnv = process.env): string {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(path) || isAbsolute(path)) return path;
  const base = environment['INIT_CWD'];
  return resolve(base !== undefined && base !== '' ? base : process.cwd(), path);
}
