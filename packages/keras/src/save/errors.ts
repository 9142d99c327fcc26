import { DendriteError } from '@dendrite/core';

/**
 * {@link saveKerasModel} met a layer, or a layer setting, that it cannot write as Keras 3 would read
 * it. Nothing was written: the model is checked before any byte goes out.
 *
 * @category Errors
 * @example
 * ```ts
 * try {
 *   await saveKerasModel(model, 'model.keras');
 * } catch (error) {
 *   if (error instanceof KerasSaveUnsupportedError) console.log(error.layer, error.className, error.reason);
 * }
 * ```
 */
export class KerasSaveUnsupportedError extends DendriteError {
  /** The layer's name, such as `'lstm_1'`. */
  readonly layer: string;
  /** Its TensorFlow.js class name, such as `'LSTM'`. */
  readonly className: string;
  /** What cannot be written, such as `'the layer class'` or `'kernelRegularizer'`. */
  readonly reason: string;

  /**
   * @param layer - the layer's name
   * @param className - its class name
   * @param reason - what cannot be written
   * @param supported - what can be written instead
   */
  constructor(layer: string, className: string, reason: string, supported: string) {
    super(
      'keras-save-unsupported',
      `Cannot save layer '${layer}' (${className}) in a Keras file: ${reason}. ${supported}`,
    );
    this.layer = layer;
    this.className = className;
    this.reason = reason;
  }
}
