import type { TransferProgress, AbortSignalLike } from '@dendrite/core';
import type { KerasArchiveLimits } from '../archive/read-keras-archive.js';

/**
 * Options of {@link loadKerasWeights} (and, with more, of {@link loadKerasModel}).
 *
 * @category Weights
 * @example
 * ```ts
 * const options: LoadKerasWeightsOptions = { name: 'cats.weights.h5', limits: { maxEntries: 8 } };
 * ```
 */
export interface LoadKerasWeightsOptions {
  /** Names the file in error messages; the path or URL by default. */
  readonly name?: string;
  /** Safety limits on `.keras` archives (entries, unpacked size). */
  readonly limits?: KerasArchiveLimits;
  /** Download progress, when the source is a URL. */
  readonly onProgress?: (event: TransferProgress) => void;
  /** Cancels a download. */
  readonly signal?: AbortSignalLike;
}
