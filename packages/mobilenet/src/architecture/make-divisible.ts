/**
 * Rounds a channel count to the nearest multiple of `divisor` (at least `minValue`), stepping up
 * once more when rounding would lose more than a tenth of the channels. MobileNetV2 scales every
 * layer width by alpha this way, so the rule must match Keras exactly or weights will not fit.
 *
 * @internal
 * @param value - the scaled channel count, such as `32 * alpha`
 * @param divisor - the multiple to round to (8 in MobileNetV2)
 * @param minValue - the smallest result; defaults to `divisor`
 * @returns the rounded channel count
 */
export function makeDivisible(value: number, divisor: number, minValue: number = divisor): number {
  // Python's int() truncates toward zero before the floor division, and value is positive here.
  const rounded = Math.max(minValue, Math.floor(Math.trunc(value + divisor / 2) / divisor) * divisor);
  return rounded < 0.9 * value ? rounded + divisor : rounded;
}
