import * as tf from '@tensorflow/tfjs-core';
import { takeRows } from './training-batches.js';
import { FROZEN_PREFIX_CHUNK, type FrozenPrefix } from './training-frozen-prefix.js';

/**
 * The most bytes of frozen-prefix outputs (training and validation samples together) that `fit`
 * keeps for a whole run. A fixed cap rather than one relative to the inputs: a pooled base gives a
 * few kilobytes per image (MobileNetV2: 5 KB against 600 KB of pixels), while a cut inside the base
 * (fine-tuning) can give more than the image itself; either way the extra memory stays bounded,
 * far below what a wasm heap (at most 4 GB) or a browser tab can hold beside the inputs fit has.
 *
 * @internal
 */
export const MAX_PREFIX_CACHE_BYTES = 512 * 1024 * 1024;

/** Samples per call into the frozen part while caching: whole chunks of the plan's own size. */
const CACHE_CHUNK = 4 * FROZEN_PREFIX_CHUNK;

/**
 * The bytes the prefix's float32 outputs take for `samples` samples, or `undefined` when a
 * boundary's shape is not fully known.
 *
 * @internal
 */
export function prefixOutputBytes(prefix: FrozenPrefix, samples: number): number | undefined {
  let bytes = 0;
  for (const tensor of prefix.boundary) {
    const row = tensor.shape.slice(1);
    if (row.some((size) => typeof size !== 'number')) return undefined;
    bytes += samples * tf.util.sizeFromShape(row as number[]) * 4;
  }
  return bytes;
}

/**
 * Whether `fit` may run the frozen prefix once per sample for the whole run: its outputs are then
 * a pure function of each sample (no augmentation in front of it, which would change every
 * epoch) and fit in {@link MAX_PREFIX_CACHE_BYTES}.
 *
 * @internal
 */
export function canCachePrefix(prefix: FrozenPrefix, samples: number, maxBytes = MAX_PREFIX_CACHE_BYTES): boolean {
  if (prefix.augmentation.length > 0) return false;
  const bytes = prefixOutputBytes(prefix, samples);
  return bytes !== undefined && bytes <= maxBytes;
}

/**
 * The frozen prefix's outputs for every sample of `x`, in order, one tensor per boundary tensor
 * (owned by the caller): run in chunks through the prefix's plan, awaiting its engine when it
 * has an asynchronous one, and letting the event loop run between chunks.
 *
 * @internal
 */
export async function runPrefixOnce(prefix: FrozenPrefix, x: tf.Tensor): Promise<tf.Tensor[]> {
  const samples = x.shape[0] ?? 0;
  const parts: tf.Tensor[][] = prefix.boundary.map(() => []);
  try {
    for (let start = 0; start < samples; start += CACHE_CHUNK) {
      const rows = takeRows(x, start, Math.min(CACHE_CHUNK, samples - start));
      try {
        const outputs = prefix.runAsync !== undefined ? await prefix.runAsync(rows) : prefix.run(rows);
        outputs.forEach((output, i) => {
          parts[i]?.push(output);
        });
      } finally {
        rows.dispose();
      }
      await tf.nextFrame();
    }
    return parts.map((chunks) => (chunks.length === 1 ? (chunks[0] as tf.Tensor).clone() : tf.concat(chunks)));
  } finally {
    for (const chunks of parts) tf.dispose(chunks);
  }
}
