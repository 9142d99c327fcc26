import { InvalidArgumentError } from '@dendrite/core';
import { SeededRandom } from '@dendrite/core/internal';
import type { ImageDatasetExample } from './image-dataset-types.js';

/**
 * Which part of a folder {@link imageDatasetFromDirectory} returns when `validationSplit` is set,
 * by Keras's `subset` names; `'both'` returns `[training, validation]`.
 *
 * @category Data
 * @example
 * ```ts
 * const [train, validation] = await imageDatasetFromDirectory('pets', { validationSplit: 0.2, subset: 'both', seed: 1 });
 * ```
 */
export type Subset = 'training' | 'validation' | 'both';

/**
 * Orders the examples and cuts them as Keras's `image_dataset_from_directory` does: with `shuffle`,
 * all file paths are shuffled together with the seed; then the last `floor(validationSplit * n)`
 * form the validation subset and the rest the training subset. So the two subsets have Keras's
 * sizes for the same folder and split, never share a file, and are the same on every run with the
 * same seed. (Keras shuffles with NumPy's generator and Dendrite with its own, so which files land
 * in each subset differs from Keras's; the sizes do not.)
 *
 * @internal
 */
export function kerasValidationSplit(
  examples: readonly ImageDatasetExample[],
  options: { readonly validationSplit: number | undefined; readonly shuffle: boolean; readonly seed: number | undefined },
): { readonly training: ImageDatasetExample[]; readonly validation: ImageDatasetExample[] } {
  const ordered = [...examples];
  if (options.shuffle) new SeededRandom(options.seed ?? Math.floor(Math.random() * 2 ** 31)).shuffle(ordered);
  if (options.validationSplit === undefined) return { training: ordered, validation: [] };
  const held = Math.floor(options.validationSplit * ordered.length);
  return { training: ordered.slice(0, ordered.length - held), validation: ordered.slice(ordered.length - held) };
}

/**
 * Checks `validationSplit`, `subset` and `seed` together, as Keras does.
 *
 * @internal
 */
export function checkValidationSplit(
  validationSplit: unknown,
  subset: unknown,
  shuffle: boolean,
  seed: unknown,
): { readonly validationSplit: number | undefined; readonly subset: Subset | undefined } {
  if (seed !== undefined && !Number.isInteger(seed)) {
    throw new InvalidArgumentError('seed', `must be a whole number, but got ${String(seed)}`, 'Pass, for example, seed: 42.');
  }
  if (validationSplit === undefined && subset === undefined) return { validationSplit: undefined, subset: undefined };
  if (typeof validationSplit !== 'number' || !(validationSplit > 0 && validationSplit < 1)) {
    throw new InvalidArgumentError(
      'validationSplit',
      `must be a fraction between 0 and 1, but got ${String(validationSplit)}`,
      'Pass, for example, validationSplit: 0.2 with subset: "training" (or "validation", or "both").',
    );
  }
  if (subset !== 'training' && subset !== 'validation' && subset !== 'both') {
    throw new InvalidArgumentError(
      'subset',
      `must be 'training', 'validation' or 'both' when validationSplit is set, but got ${String(subset)}`,
      "Pass subset: 'training' for the training part, 'validation' for the held-out part, or 'both' for [training, validation].",
    );
  }
  if (shuffle && seed === undefined) {
    throw new InvalidArgumentError(
      'seed',
      'is missing; with validationSplit and shuffling, the training and validation calls must shuffle alike or they would overlap',
      "Pass the same seed (any whole number) to both calls, or subset: 'both'.",
    );
  }
  return { validationSplit, subset };
}
