import type { BackendReport, Platform } from './platform.js';
import { setPlatform } from './platform-registry.js';

/**
 * Selects the platform's backend, then makes it the current platform: what `useNodePlatform` and
 * `useWebPlatform` do after building theirs. A failed selection leaves the current platform as it was.
 *
 * @param platform - a platform just built
 * @returns the platform and its backend report
 * @internal
 * @example
 * ```ts
 * const { backend } = await startPlatform(createNodePlatform());
 * ```
 */
export async function startPlatform(platform: Platform): Promise<{ platform: Platform; backend: BackendReport }> {
  const backend = await platform.initBackend();
  setPlatform(platform);
  return { platform, backend };
}
