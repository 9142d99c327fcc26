import { InvalidArgumentError } from '@dendrite/core';
import { SeededRandom } from '@dendrite/core/internal';
import type { Tensor1D, Tensor2D } from '@tensorflow/tfjs-core';
import { ImageDataset } from './image-dataset.js';

/**
 * How much of each class goes to validation in {@link stratifiedSplit}:
 *
 * - a fraction in (0, 1): that share of each class (rounded), chosen at random with the seed;
 * - `{ perClass: n }`: `n` examples of each class, chosen at random with the seed;
 * - `{ firstPerClass: n }`: the first `n` examples of each class, in dataset order;
 * - `{ lastPerClass: n }`: the last `n` examples of each class, in dataset order. The course's
 *   "first 15 of each class train, last 5 validate" is `{ lastPerClass: 5 }`.
 *
 * @category Data
 */
export type ValidationSplit =
  | number
  | { readonly perClass: number }
  | { readonly firstPerClass: number }
  | { readonly lastPerClass: number };

/**
 * Options for {@link stratifiedSplit}.
 *
 * @category Data
 */
export interface StratifiedSplitOptions {
  /** How much of each class goes to validation. */
  readonly validation: ValidationSplit;
  /** Seed of the random choice; required for a fraction or `perClass`. The same seed gives the same split. */
  readonly seed?: number;
}

/**
 * The two parts of a split dataset; both keep the original class names and dataset order.
 *
 * @category Data
 * @example
 * ```ts
 * const { train, validation }: DatasetSplit = stratifiedSplit(cats, { validation: { lastPerClass: 5 } });
 * ```
 */
export interface DatasetSplit<Labels extends Tensor1D | Tensor2D = Tensor1D> {
  /** The examples kept for training. */
  readonly train: ImageDataset<Labels>;
  /** The examples held out for validation. */
  readonly validation: ImageDataset<Labels>;
}

type Choice = { readonly kind: 'random' | 'first' | 'last'; readonly count: (classSize: number) => number };

/**
 * Splits a dataset into training and validation parts class by class, so that each class keeps its
 * share in both. Choose by position (`firstPerClass`, `lastPerClass`: exact and seed-free) or at
 * random (a fraction, `perClass`: reproducible with `seed`). Both parts keep dataset order and every
 * class keeps at least one training example.
 *
 * @param dataset - the dataset to split
 * @param options - `validation` (see {@link ValidationSplit}) and `seed`
 * @returns `{ train, validation }`
 * @throws {@link @dendrite/core!InvalidArgumentError} for a bad `validation`, a random split without
 *   `seed`, a class too small to keep a training example, or an empty validation part
 * @category Data
 * @example
 * ```ts
 * const cats = await imageDatasetFromFiles('data/cats', { labelOf: (name) => (name.startsWith('f') ? 'female' : 'male') });
 * // The course: f01..f15 and m01..m15 train, f16..f20 and m16..m20 validate.
 * const { train, validation } = stratifiedSplit(cats, { validation: { lastPerClass: 5 } });
 * // A random quarter of each class, the same every run:
 * const random = stratifiedSplit(cats, { validation: 0.25, seed: 7 });
 * ```
 */
export function stratifiedSplit<Labels extends Tensor1D | Tensor2D = Tensor1D>(
  dataset: ImageDataset<Labels>,
  options: StratifiedSplitOptions,
): DatasetSplit<Labels> {
  if (!(dataset instanceof ImageDataset)) {
    throw new InvalidArgumentError('dataset', 'is not an ImageDataset', 'Make one with imageDatasetFromDirectory, imageDatasetFromFiles or imageDatasetFromExamples.');
  }
  const choice = parseValidation(options?.validation);
  const random = choice.kind === 'random' ? new SeededRandom(requireSeed(options.seed)) : undefined;
  const byClass: number[][] = dataset.classNames.map(() => []);
  dataset.examples.forEach((example, index) => byClass[example.label]?.push(index));
  const held = new Set<number>();
  byClass.forEach((members, label) => {
    if (members.length === 0) return;
    const count = choice.count(members.length);
    if (count >= members.length) {
      throw new InvalidArgumentError(
        'validation',
        `would take ${count} of the ${members.length} examples of class '${dataset.classNames[label] ?? label}', leaving none to train on`,
        'Hold out fewer examples per class.',
      );
    }
    let chosen: number[];
    if (choice.kind === 'first') chosen = members.slice(0, count);
    else if (choice.kind === 'last') chosen = members.slice(members.length - count);
    else chosen = (random as SeededRandom).shuffle([...members]).slice(0, count);
    for (const index of chosen) held.add(index);
  });
  if (held.size === 0) {
    throw new InvalidArgumentError(
      'validation',
      `holds out no example (classes of ${dataset.classCounts().join(', ')} examples)`,
      'Use a larger fraction, or { perClass: n } with n >= 1.',
    );
  }
  const pick = (inValidation: boolean) =>
    new ImageDataset<Labels>(
      dataset.classNames,
      dataset.examples.filter((_, index) => held.has(index) === inValidation),
      dataset.defaults,
    );
  return { train: pick(false), validation: pick(true) };
}

function parseValidation(validation: unknown): Choice {
  const fix =
    'Pass validation: a fraction such as 0.25, or { perClass: n }, { firstPerClass: n } or { lastPerClass: n } with a whole n >= 1.';
  if (typeof validation === 'number') {
    if (!(validation > 0 && validation < 1)) {
      throw new InvalidArgumentError('validation', `as a fraction must be between 0 and 1, but is ${validation}`, fix);
    }
    return { kind: 'random', count: (size) => Math.round(validation * size) };
  }
  if (typeof validation === 'object' && validation !== null) {
    const keys = Object.keys(validation);
    const key = keys[0];
    const kinds: Record<string, Choice['kind']> = { perClass: 'random', firstPerClass: 'first', lastPerClass: 'last' };
    if (keys.length === 1 && key !== undefined && kinds[key] !== undefined) {
      const count = (validation as Record<string, unknown>)[key];
      if (!Number.isInteger(count) || (count as number) < 1) {
        throw new InvalidArgumentError(`validation.${key}`, `must be a whole number >= 1, but is ${String(count)}`, fix);
      }
      return { kind: kinds[key], count: () => count as number };
    }
  }
  throw new InvalidArgumentError('validation', `must say how much of each class to hold out, but is ${JSON.stringify(validation) ?? String(validation)}`, fix);
}

function requireSeed(seed: number | undefined): number {
  if (seed === undefined) {
    throw new InvalidArgumentError(
      'seed',
      'is missing; a random split needs one so that the same examples are held out every run',
      'Pass seed: 42 (any whole number), or split by position with { firstPerClass: n } or { lastPerClass: n }.',
    );
  }
  return seed;
}
