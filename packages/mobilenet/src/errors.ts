import { DendriteError } from '@dendrite/core';

function formatShape(shape: readonly number[] | 'missing'): string {
  return shape === 'missing' ? 'missing' : `[${shape.join(', ')}]`;
}

/**
 * Weights do not fit the model they are loaded into: a weight the model needs is missing from the
 * file, or has another shape. It names the first layer that does not fit, in the model's layer order.
 * Nothing is assigned when this is thrown, so the model keeps its earlier weights.
 *
 * @category Errors
 * @example
 * ```ts
 * try {
 *   await MobileNetV2({ alpha: 1.0, weights: 'models/mobilenet_v2_0.35_no_top/model.json', includeTop: false });
 * } catch (error) {
 *   if (error instanceof WeightsMismatchError) console.log(error.layer, error.expectedShape, error.actualShape);
 * }
 * ```
 */
export class WeightsMismatchError extends DendriteError {
  /** Where the weights came from (path, URL or a description). */
  readonly source: string;
  /** The name of the first layer whose weights do not fit, such as `'Conv1'`. */
  readonly layer: string;
  /** The full name of the weight, `<layer>/<weight>`, such as `'Conv1/kernel'`. */
  readonly weight: string;
  /** The shape the model needs. */
  readonly expectedShape: readonly number[];
  /** The shape found in the weights, or `'missing'` when the weights have no entry of that name. */
  readonly actualShape: readonly number[] | 'missing';

  /**
   * @param details - where the weights came from, which layer and weight, and both shapes
   */
  constructor(details: {
    source: string;
    layer: string;
    weight: string;
    expectedShape: readonly number[];
    actualShape: readonly number[] | 'missing';
  }) {
    const { source, layer, weight, expectedShape, actualShape } = details;
    const problem =
      actualShape === 'missing'
        ? `they have no weight named '${weight}' (shape ${formatShape(expectedShape)})`
        : `'${weight}' has shape ${formatShape(actualShape)} but the model needs ${formatShape(expectedShape)}`;
    super(
      'weights-mismatch',
      `The weights from ${source} do not fit layer '${layer}' of the model: ${problem}. ` +
        'Build the model with the options the weights were saved with (same alpha, includeTop and ' +
        'classes, and 3 input channels), or pass the weights file made for this model.',
    );
    this.source = source;
    this.layer = layer;
    this.weight = weight;
    this.expectedShape = [...expectedShape];
    this.actualShape = actualShape === 'missing' ? 'missing' : [...actualShape];
  }
}

/**
 * A weights file could not be read: it is not valid JSON, not a TF.js layers model, its shards do not
 * match its manifest, or its format is not supported.
 *
 * @category Errors
 * @example
 * ```ts
 * throw new WeightsFileError('model.json', 'it has no weightsManifest');
 * ```
 */
export class WeightsFileError extends DendriteError {
  /** The path or URL of the file. */
  readonly source: string;
  /** What is wrong with it. */
  readonly reason: string;

  /**
   * @param source - the path or URL of the file
   * @param reason - what is wrong with it
   * @param options - what to do instead (a default is given) and the underlying cause, if any
   */
  constructor(source: string, reason: string, options: { fix?: string; cause?: unknown } = {}) {
    const fix =
      options.fix ?? 'Pass a TensorFlow.js layers model.json with its .bin shards beside it, as tensorflowjs_converter wrote them.';
    super('weights-file', `Cannot read weights from ${source}: ${reason}. ${fix}`, { cause: options.cause });
    this.source = source;
    this.reason = reason;
  }
}
