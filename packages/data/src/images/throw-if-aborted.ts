import type { AbortSignalLike } from '@dendrite/core';

/**
 * Throws the signal's reason when it has been aborted, so long loops stop between images.
 *
 * @internal
 */
export function throwIfAborted(signal: AbortSignalLike | undefined): void {
  if (signal?.aborted !== true) return;
  if (signal.reason !== undefined) throw signal.reason;
  const error = new Error('Loading images was cancelled through its AbortSignal.');
  error.name = 'AbortError';
  throw error;
}
