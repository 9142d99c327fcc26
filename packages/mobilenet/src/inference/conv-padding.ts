/** Zero padding of a 2D convolution as `[top, bottom, left, right]`. @internal */
export type Pads = readonly [number, number, number, number];

/** The padding argument TensorFlow.js's convolutions take, explicit form included. @internal */
export type TfjsPadding = 'same' | 'valid' | number | [[0, 0], [number, number], [number, number], [0, 0]];

/** Kernel size, strides and dilations of a 2D convolution, each as `[rows, columns]`. @internal */
export interface ConvGeometry {
  readonly kernelSize: readonly [number, number];
  readonly strides: readonly [number, number];
  readonly dilations: readonly [number, number];
}

// TensorFlow's 'same': as many output positions as ceil(size / stride), the padding that takes split
// with the odd pixel after.
function samePadding(size: number, kernel: number, stride: number, dilation: number): [number, number] {
  const effectiveKernel = (kernel - 1) * dilation + 1;
  const outSize = Math.ceil(size / stride);
  const total = Math.max((outSize - 1) * stride + effectiveKernel - size, 0);
  const before = Math.floor(total / 2);
  return [before, total - before];
}

/**
 * The zero padding a Keras convolution applies to a `rows` x `cols` input.
 *
 * @internal
 * @param rows - input height
 * @param cols - input width
 * @param geometry - kernel size, strides and dilations
 * @param padding - the layer's `'same'` or `'valid'`
 * @returns the padding on each side
 */
export function convolutionPads(rows: number, cols: number, geometry: ConvGeometry, padding: 'same' | 'valid'): Pads {
  if (padding === 'valid') return [0, 0, 0, 0];
  const [top, bottom] = samePadding(rows, geometry.kernelSize[0], geometry.strides[0], geometry.dilations[0]);
  const [left, right] = samePadding(cols, geometry.kernelSize[1], geometry.strides[1], geometry.dilations[1]);
  return [top, bottom, left, right];
}

/**
 * Writes explicit padding in the simplest form TensorFlow.js takes: `'valid'` for none, `'same'`
 * when it equals TensorFlow's same padding (which lets a backend use its own same-padding path), a
 * number when every side is equal, else the explicit form.
 *
 * @internal
 * @param pads - padding on each side
 * @param rows - input height, before padding
 * @param cols - input width, before padding
 * @param geometry - kernel size, strides and dilations
 * @returns the padding argument
 */
export function tfjsPadding(pads: Pads, rows: number, cols: number, geometry: ConvGeometry): TfjsPadding {
  const [top, bottom, left, right] = pads;
  if (top === 0 && bottom === 0 && left === 0 && right === 0) return 'valid';
  const same = convolutionPads(rows, cols, geometry, 'same');
  if (same.every((size, side) => size === pads[side])) return 'same';
  if (top === bottom && top === left && top === right) return top;
  return [
    [0, 0],
    [top, bottom],
    [left, right],
    [0, 0],
  ];
}

/**
 * Adds zero padding applied before a convolution to the convolution's own.
 *
 * @internal
 * @param first - the padding applied first (a ZeroPadding2D layer)
 * @param second - the convolution's own padding
 * @returns the padding on each side of the original input
 */
export function addPads(first: Pads, second: Pads): Pads {
  return [first[0] + second[0], first[1] + second[1], first[2] + second[2], first[3] + second[3]];
}
