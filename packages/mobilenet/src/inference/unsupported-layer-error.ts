import { DendriteError } from '@dendrite/core';

/**
 * {@link optimizeForInference} met a layer it cannot rewrite: a layer class it does not know, or a
 * known class with a setting it does not handle (channels-first data, a shared weight layout, ...).
 * The model itself is untouched; keep using `model.predict` for it.
 *
 * @category Errors
 * @example
 * ```ts
 * try {
 *   optimizeForInference(model);
 * } catch (error) {
 *   if (error instanceof UnsupportedLayerError) console.log(error.layer, error.className, error.reason);
 * }
 * ```
 */
export class UnsupportedLayerError extends DendriteError {
  /** The name of the layer, such as `'block_1_expand'`. */
  readonly layer: string;
  /** Its tfjs-layers class name, such as `'Conv2D'`. */
  readonly className: string;
  /** Why it cannot be rewritten. */
  readonly reason: string;

  /**
   * @param layer - the layer's name
   * @param className - its class name
   * @param reason - why it cannot be rewritten
   */
  constructor(layer: string, className: string, reason: string) {
    super(
      'unsupported-layer',
      `Cannot optimize layer '${layer}' (${className}) for inference: ${reason}. ` +
        'optimizeForInference handles Conv2D, DepthwiseConv2D, BatchNormalization, ReLU, Activation, Add, ' +
        'ZeroPadding2D, global pooling and Dense layers in channels-last models; run this model with model.predict instead.',
    );
    this.layer = layer;
    this.className = className;
    this.reason = reason;
  }
}
