/** Zero padding as `[[top, bottom], [left, right]]`. @internal */
export type Padding2D = [[number, number], [number, number]];

/**
 * The zero padding before a stride-2 convolution with 'valid' padding that reproduces TensorFlow's
 * 'same' output size: one row and column less before than after on even sizes, as Keras does.
 *
 * @internal
 * @param height - input height
 * @param width - input width
 * @param kernelSize - square kernel size
 * @returns the padding for a ZeroPadding2D layer
 */
export function correctPad(height: number, width: number, kernelSize: number): Padding2D {
  const half = Math.floor(kernelSize / 2);
  const adjustRows = 1 - (height % 2);
  const adjustColumns = 1 - (width % 2);
  return [
    [half - adjustRows, half],
    [half - adjustColumns, half],
  ];
}
