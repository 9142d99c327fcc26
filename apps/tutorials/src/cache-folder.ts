import type { ByteCache, Platform } from '@dendrite/core';
import { folderProblem } from './check-destination.js';

/**
 * Checks the cache folder before any long work. The cache is a speed-up, so a folder that cannot
 * hold it (a file in the way, a path under a file, a read-only folder) gives one warning, and the
 * run goes on without a cache, as it does when the cache fails later.
 *
 * @param folder - the cache folder (`--cache-dir`, or the default)
 * @returns the warning line, or undefined when the folder can be used
 * @internal
 * @example
 * ```ts
 * const warning = await cacheFolderWarning('/home/ada/.cache/dendrite');
 * ```
 */
export async function cacheFolderWarning(folder: string): Promise<string | undefined> {
  const problem = await folderProblem(folder);
  if (problem === undefined) return undefined;
  return (
    `Warning: the cache folder cannot be used (${problem.what}); going on without a cache, so downloads and photo ` +
    'features are not kept for next time. Pass --cache-dir with a folder you can write to, to keep them.'
  );
}

/** A cache that keeps nothing: every read misses and every write is dropped. */
function emptyCache(location: string): ByteCache {
  return {
    location: `${location} (not used)`,
    get: async () => undefined,
    put: async () => undefined,
    has: async () => false,
    delete: async () => undefined,
  };
}

/**
 * The same platform with a cache that keeps nothing, for a run whose cache folder cannot be used:
 * its other members (getters included) are the platform's own.
 *
 * @param platform - the platform in use
 * @param location - the unusable cache folder, for messages
 * @returns the platform without a cache; pass it to `setPlatform`
 * @internal
 * @example
 * ```ts
 * setPlatform(withoutCache(platform, folder));
 * ```
 */
export function withoutCache(platform: Platform, location: string): Platform {
  return Object.create(platform, { cache: { value: emptyCache(location), enumerable: true } }) as Platform;
}
