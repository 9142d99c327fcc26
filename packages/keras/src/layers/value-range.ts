import { InvalidArgumentError } from '@dendrite/core';

/** Keras's `value_range`: two numbers, [0, 255] by default; RandomBrightness sorts them, RandomContrast keeps them as given. */
export function valueRangeOf(range: readonly number[] | undefined, sort: boolean): [number, number] {
  const value = range ?? [0, 255];
  if (value.length !== 2 || !value.every((v) => Number.isFinite(v))) {
    throw new InvalidArgumentError(
      'valueRange',
      `${JSON.stringify(range)} is not two numbers`,
      'Pass [low, high], such as [0, 255] or [0, 1].',
    );
  }
  const [a, b] = value as [number, number];
  return sort && a > b ? [b, a] : [a, b];
}
