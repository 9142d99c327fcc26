import { InvalidArgumentError } from '@dendrite/core';
import { factorRange } from './random-image-layer.js';

/** What RandomBrightness and RandomContrast are given: a factor and the range pixels are in. @internal */
export interface IntensityArgs {
  readonly factor: number | readonly [number, number];
  readonly valueRange?: readonly [number, number];
}

/** The two options read and checked, as the layers keep them. @internal */
export interface IntensityOptions {
  readonly factor: [number, number];
  readonly valueRange: [number, number];
}

/**
 * Reads the options RandomBrightness and RandomContrast share, as Keras reads them: `factor`
 * within [`factorLow`, 1] (see {@link factorRange}), and `valueRange`, two numbers, [0, 255] by
 * default. RandomBrightness sorts the range; RandomContrast keeps it as given.
 *
 * @internal
 */
export function intensityOptions(
  args: IntensityArgs,
  rules: { readonly factorLow: number; readonly sortValueRange: boolean },
): IntensityOptions {
  const factor = factorRange('factor', args.factor, rules.factorLow, 1);
  const range = args.valueRange ?? [0, 255];
  if (range.length !== 2 || !range.every((v) => Number.isFinite(v))) {
    throw new InvalidArgumentError(
      'valueRange',
      `${JSON.stringify(args.valueRange)} is not two numbers`,
      'Pass [low, high], such as [0, 255] or [0, 1].',
    );
  }
  const [a, b] = range;
  return { factor, valueRange: rules.sortValueRange && a > b ? [b, a] : [a, b] };
}
