/** A BatchNormalization layer's inference parameters, one value per channel. @internal */
export interface BatchNormParameters {
  /** `gamma`, or undefined when the layer does not scale (`scale: false`). */
  readonly gamma: Float32Array | undefined;
  /** `beta`, or undefined when the layer does not centre (`center: false`). */
  readonly beta: Float32Array | undefined;
  readonly movingMean: Float32Array;
  readonly movingVariance: Float32Array;
  readonly epsilon: number;
}

/** Batch normalization at inference as `x * scale + shift`, per channel. @internal */
export interface ChannelAffine {
  readonly scale: Float64Array;
  readonly shift: Float64Array;
}

/**
 * Turns batch normalization at inference, `gamma * (x - mean) / sqrt(variance + epsilon) + beta`,
 * into one multiply and one add per channel. Computed in double precision, rounded once.
 *
 * @internal
 * @param parameters - the layer's weights and epsilon
 * @returns scale and shift per channel
 */
export function batchNormAffine(parameters: BatchNormParameters): ChannelAffine {
  const { gamma, beta, movingMean, movingVariance, epsilon } = parameters;
  const channels = movingMean.length;
  const scale = new Float64Array(channels);
  const shift = new Float64Array(channels);
  for (let c = 0; c < channels; c++) {
    const factor = (gamma?.[c] ?? 1) / Math.sqrt(movingVariance[c]! + epsilon);
    scale[c] = factor;
    shift[c] = (beta?.[c] ?? 0) - movingMean[c]! * factor;
  }
  return { scale, shift };
}

/**
 * Folds a per-channel affine map that follows a linear layer into that layer's kernel and bias:
 * `(x * W + b) * scale + shift = x * (W * scale) + (b * scale + shift)`. The output channel is the
 * fastest-varying kernel index, as in TensorFlow's Conv2D `[h, w, in, out]`, DepthwiseConv2D
 * `[h, w, in, multiplier]` (channel `in * multiplier + m`) and Dense `[in, out]` layouts.
 *
 * @internal
 * @param kernel - the layer's kernel values
 * @param bias - its bias, or undefined when it has none
 * @param affine - the map to fold in, one scale and shift per output channel
 * @returns the new kernel and bias (new arrays; the inputs are not changed)
 */
export function foldAffine(
  kernel: Float32Array,
  bias: Float32Array | undefined,
  affine: ChannelAffine,
): { kernel: Float32Array; bias: Float32Array } {
  const { scale, shift } = affine;
  const channels = scale.length;
  if (kernel.length % channels !== 0 || (bias !== undefined && bias.length !== channels)) {
    throw new Error(
      `Internal error: a kernel of ${kernel.length} values and ${bias?.length ?? 'no'} biases do not have ${channels} output channels.`,
    );
  }
  const folded = new Float32Array(kernel.length);
  for (let i = 0; i < kernel.length; i++) folded[i] = kernel[i]! * scale[i % channels]!;
  const foldedBias = new Float32Array(channels);
  for (let c = 0; c < channels; c++) foldedBias[c] = (bias?.[c] ?? 0) * scale[c]! + shift[c]!;
  return { kernel: folded, bias: foldedBias };
}
