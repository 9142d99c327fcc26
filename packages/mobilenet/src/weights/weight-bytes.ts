import type * as tf from '@tensorflow/tfjs-core';
import { WeightsFileError } from '../errors.js';

const BYTES_PER_ELEMENT: Readonly<Record<string, number>> = { float32: 4, int32: 4, bool: 1, uint8: 1, uint16: 2, float16: 2 };

/** How many bytes a manifest group's weights take, or undefined when a dtype's size is not known. */
function expectedBytes(weights: readonly tf.io.WeightsManifestEntry[]): number | undefined {
  let total = 0;
  for (const entry of weights) {
    const perElement = BYTES_PER_ELEMENT[entry.quantization?.dtype ?? entry.dtype];
    if (perElement === undefined) return undefined;
    total += entry.shape.reduce((product, size) => product * size, 1) * perElement;
  }
  return total;
}

/**
 * Checks that a manifest group's shards hold exactly the bytes its weights declare: a shard cut
 * short would otherwise fail as a tensor-shape error naming no file, and extra bytes would be
 * silently ignored. Shared by every reader of model.json, so that each rejects both the same way.
 *
 * @param source - the model.json
 * @param shards - the group's shard paths, as named in the message
 * @param weights - the group's manifest entries
 * @param actual - how many bytes the shards hold together
 * @param fix - what to do, when the reader knows better than the default
 * @throws {@link WeightsFileError} naming the shards, the expected and the actual byte count
 * @internal
 * @example
 * ```ts
 * checkWeightBytes('cats/model.json', ['cats/weights.bin'], group.weights, buffer.byteLength);
 * ```
 */
export function checkWeightBytes(
  source: string,
  shards: readonly string[],
  weights: readonly tf.io.WeightsManifestEntry[],
  actual: number,
  fix?: string,
): void {
  const expected = expectedBytes(weights);
  if (expected === undefined || expected === actual) return;
  const how = actual < expected ? `cut short by ${expected - actual} bytes` : `${actual - expected} bytes too long`;
  throw new WeightsFileError(
    source,
    `its manifest declares ${expected} bytes of weights but the shards ${shards.join(', ')} hold ${actual} (${how})`,
    fix === undefined ? {} : { fix },
  );
}
