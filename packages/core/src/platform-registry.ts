import { PlatformNotSetError } from './errors.js';
import type { Platform } from './platform.js';

let current: Platform | undefined;

/**
 * Sets the platform every Dendrite API uses. Platform packages call this from `useNodePlatform()`
 * or `useWebPlatform()`; call it yourself only for a custom platform.
 *
 * @param platform - the implementation every API will use from now on
 * @category Platform
 * @example
 * ```ts
 * setPlatform(myPlatform);
 * ```
 */
export function setPlatform(platform: Platform): void {
  current = platform;
}

/**
 * The platform set by {@link setPlatform}.
 *
 * @returns the current platform
 * @throws {@link PlatformNotSetError} when none was set.
 * @category Platform
 * @example
 * ```ts
 * const bytes = await getPlatform().readBytes('photo.jpg');
 * ```
 */
export function getPlatform(): Platform {
  if (current === undefined) throw new PlatformNotSetError();
  return current;
}

/**
 * Whether a platform has been set.
 *
 * @returns true once a platform has been set
 * @category Platform
 * @example
 * ```ts
 * if (!hasPlatform()) await useNodePlatform();
 * ```
 */
export function hasPlatform(): boolean {
  return current !== undefined;
}

/**
 * Removes the platform, so that the next {@link getPlatform} fails. For tests.
 *
 * @category Platform
 * @example
 * ```ts
 * clearPlatform();
 * ```
 */
export function clearPlatform(): void {
  current = undefined;
}
