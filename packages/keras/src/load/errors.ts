import { DendriteError } from '@dendrite/core';

/**
 * Weights in a Keras file do not fit the model they are loaded into: a layer's weights are
 * missing, of another count or shape, or the file holds weights for layers the model lacks. They
 * were saved from another architecture. Nothing is assigned.
 *
 * @category Errors
 * @example
 * ```ts
 * try {
 *   await loadKerasWeights(model, 'other.weights.h5');
 * } catch (error) {
 *   if (error instanceof KerasWeightsMismatchError) console.log(error.layer, error.reason);
 * }
 * ```
 */
export class KerasWeightsMismatchError extends DendriteError {
  /** The file the weights came from. */
  readonly source: string;
  /** The layer that does not fit, by its name in the model (or its path in the file). */
  readonly layer: string;
  /** How it does not fit. */
  readonly reason: string;

  /**
   * @param source - the file
   * @param layer - the layer
   * @param reason - how the weights do not fit
   */
  constructor(source: string, layer: string, reason: string) {
    super(
      'keras-weights-mismatch',
      `The weights in ${source} do not fit the model at layer '${layer}': ${reason}. They were saved from ` +
        'another architecture; build the same model as in Keras (or load the whole model with loadKerasModel).',
    );
    this.source = source;
    this.layer = layer;
    this.reason = reason;
  }
}
