import { InvalidArgumentError } from '@dendrite/core';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { EMBEDDED_WEIGHTS_NAME, mobileNetV2Uint8Files } from '@dendrite/mobilenet-embedded';
import type { ResolvedArchitecture } from '../mobilenet-v2-options.js';
import { WeightsFileError } from '../errors.js';
import { readLayersModelJsonWith } from './layers-model-json.js';
import { assignNamedWeights } from './named-weights.js';
import type { AssignNamedWeightsResult } from './named-weights.js';
import { baseName } from './source-name.js';

/** The `weights` name of the embedded ImageNet weights. @internal */
export const embeddedWeightsName = EMBEDDED_WEIGHTS_NAME;

/** Where the embedded weights say they come from, in messages. */
const SOURCE = '@dendrite/mobilenet-embedded/model.json';

/**
 * Checks that the architecture is one the embedded weights fit: alpha 1.0, 224x224 RGB, and with the
 * top, 1000 softmax classes.
 *
 * @internal
 * @param architecture - the resolved options
 * @throws InvalidArgumentError naming the first option the embedded weights cannot serve
 */
export function checkEmbeddedArchitecture(architecture: ResolvedArchitecture): void {
  const fix = "Use alpha 1.0 and 224x224 RGB with weights: 'imagenet-uint8', or weights: 'imagenet' for Keras's other sizes.";
  if (architecture.alpha !== 1) throw new InvalidArgumentError('alpha', `the embedded ImageNet weights are for alpha 1.0; got ${architecture.alpha}`, fix);
  if (architecture.rows !== 224 || architecture.cols !== 224 || architecture.channels !== 3) {
    throw new InvalidArgumentError('inputShape', `the embedded ImageNet weights are for [224, 224, 3]; got [${architecture.rows}, ${architecture.cols}, ${architecture.channels}]`, fix);
  }
}

/**
 * Loads the embedded uint8 ImageNet weights of `@dendrite/mobilenet-embedded` into `model` by layer
 * name (without the top, the classifier's weights are simply unused). No file or network is touched.
 *
 * @internal
 * @param model - a MobileNetV2 1.0/224
 * @returns what was assigned
 */
export async function loadEmbeddedWeights(model: LayersModel): Promise<AssignNamedWeightsResult> {
  // The 5 MB of the weights are loaded here, on first use, not when the package is imported.
  const files = await mobileNetV2Uint8Files();
  const read = (path: string): Promise<Uint8Array> => {
    const bytes = files[baseName(path)];
    if (bytes === undefined) return Promise.reject(new WeightsFileError(SOURCE, `it lists ${baseName(path)}, which the package does not hold; reinstall @dendrite/mobilenet-embedded`));
    return Promise.resolve(bytes);
  };
  const weights = await readLayersModelJsonWith(read, SOURCE);
  try {
    return assignNamedWeights(model, weights, { source: SOURCE });
  } finally {
    tf.dispose(weights);
  }
}
