import type { LayersModel } from '@tensorflow/tfjs-layers';

/** Where the class names live in a model's user-defined metadata (and so in its saved model.json). */
const METADATA_KEY = 'classNames';

/**
 * Records class names in a model's user-defined metadata, which TensorFlow.js saves in model.json.
 *
 * @internal
 */
export function setTransferClassNames(model: LayersModel, classNames: readonly string[]): void {
  const current = (model.getUserDefinedMetadata() ?? {}) as Record<string, unknown>;
  model.setUserDefinedMetadata({ ...current, [METADATA_KEY]: [...classNames] });
}

/**
 * The class names recorded in a model by {@link transferModel} (and kept when it is saved and
 * loaded again), in label order: output `i` of the model is the probability of `classNames[i]`.
 *
 * @param model - a model made by {@link transferModel}, or loaded with {@link loadModel}
 * @returns the names, or `undefined` when the model records none
 * @category Models
 * @example
 * ```ts
 * const model = await loadModel('models/cats');
 * console.log(transferClassNames(model)); // ['female', 'male']
 * ```
 */
export function transferClassNames(model: LayersModel): string[] | undefined {
  const metadata = model.getUserDefinedMetadata() as Record<string, unknown> | undefined;
  const names = metadata?.[METADATA_KEY];
  return Array.isArray(names) && names.every((name) => typeof name === 'string') ? [...(names as string[])] : undefined;
}
