import { InvalidArgumentError, type UrlLike } from '@dendrite/core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { buildFromArchitecture } from './architecture/build-mobilenet-v2.js';
import { runFrozenPartsOptimized } from './inference/frozen-part-planner.js';
import { checkImagenetArchitecture, resolveArchitecture } from './mobilenet-v2-options.js';
import type { MobileNetV2Options } from './mobilenet-v2-options.js';
import { imagenetWeightSource, imagenetWeightsName } from './weights/imagenet-weights.js';
import { checkEmbeddedArchitecture, embeddedWeightsName, loadEmbeddedWeights } from './weights/embedded-weights.js';
import type { ArchitectureFromWeights } from './weights/architecture-from-weights.js';
import { architectureOfWeightsFile, loadPublishedWeights, loadWeightsFile, weightsFileReader } from './weights/load-weights.js';

/**
 * Builds Keras's MobileNetV2 and loads its weights, as `keras.applications.MobileNetV2` does: the
 * same options, layer names, shapes and parameter counts (3,538,984 for alpha 1.0 at 224 with the
 * top). `weights: 'imagenet'` (the default) downloads Keras's published ImageNet weights once and
 * caches them through the platform; `weights: 'imagenet-uint8'` loads the ImageNet weights embedded in
 * `@dendrite/mobilenet-embedded` (alpha 1.0 at 224 only; 8-bit weights derived from Google's quantised
 * TFLite model, scores a few percent from Keras's), with no file and no network; a path or URL loads
 * a TF.js layers model.json or a Keras file (`.keras`,
 * `.h5` or `.weights.h5`, from Keras 2 or 3), and alpha, includeTop and classes not given are read
 * from the file's weight shapes (so a 0.35 file builds a 0.35 model) (a URL, with each of its shards, is downloaded once into the platform's cache, keyed by its
 * address; a download that cannot be read is not kept); `null` leaves the weights random. Feed it
 * images scaled by {@link preprocessInput}.
 *
 * @param options - architecture (alpha, inputShape, includeTop, pooling, classes,
 *   classifierActivation), weights, and download progress
 * @returns the model; the caller owns it (call `dispose()` when done)
 * @throws InvalidArgumentError for options out of range, or options ImageNet weights cannot serve
 *   (alpha, input size, classes)
 * @throws {@link WeightsMismatchError} when the weights do not fit the architecture (for example
 *   another alpha); {@link WeightsFileError} when the file cannot be read; the platform's I/O
 *   errors when a download fails
 * @category Models
 * @example
 * ```ts
 * const model = await MobileNetV2({ weights: 'imagenet' });
 * const predictions = model.predict(preprocessInput(images)) as tf.Tensor2D;
 * console.log(decodePredictions(predictions, { top: 3, classIndex: await loadImageNetClassIndex() }));
 * ```
 */
export async function MobileNetV2(options: MobileNetV2Options = {}): Promise<LayersModel> {
  const weights = options.weights === undefined ? 'imagenet' : options.weights;
  const loadOptions = {
    onProgress: options.onProgress,
    signal: options.signal,
    allowedOrigins: options.allowedOrigins,
    allowPathsOutsideFolder: options.allowPathsOutsideFolder,
  };
  const isFile =
    weights !== 'imagenet' && weights !== embeddedWeightsName && weights !== null && (typeof weights === 'string' ? weights.length > 0 : typeof weights === 'object' && typeof weights.href === 'string');
  const reader = isFile ? weightsFileReader() : undefined;
  let fromFile: ArchitectureFromWeights | undefined;
  if (reader !== undefined && (options.alpha === undefined || options.includeTop === undefined || options.classes === undefined)) {
    fromFile = await architectureOfWeightsFile(weights as string | UrlLike, reader, loadOptions);
  }
  const architecture = resolveArchitecture({
    ...options,
    alpha: options.alpha ?? fromFile?.alpha,
    includeTop: options.includeTop ?? fromFile?.includeTop,
    classes: options.classes ?? fromFile?.classes,
  });

  let load: ((model: LayersModel) => Promise<unknown>) | undefined;
  if (weights === 'imagenet') {
    checkImagenetArchitecture(architecture);
    if (architecture.rows !== architecture.cols) {
      throw new InvalidArgumentError(
        'inputShape',
        `ImageNet weights exist only for square inputs; got ${architecture.rows}x${architecture.cols}`,
        'Resize the images to a square of 96, 128, 160, 192 or 224 pixels, or pass weights: null.',
      );
    }
    const key = { alpha: architecture.alpha, size: architecture.rows, includeTop: architecture.includeTop };
    const published = imagenetWeightSource(key);
    load = (model) => loadPublishedWeights(model, published, `mobilenet_v2/${imagenetWeightsName(key)}`, loadOptions);
  } else if (weights === embeddedWeightsName) {
    checkImagenetArchitecture(architecture);
    checkEmbeddedArchitecture(architecture);
    load = loadEmbeddedWeights;
  } else if (weights !== null) {
    const valid = typeof weights === 'string' ? weights.length > 0 : typeof weights === 'object' && typeof weights.href === 'string';
    if (!valid) {
      throw new InvalidArgumentError('weights', `must be 'imagenet', 'imagenet-uint8', a path or URL, or null; got ${JSON.stringify(weights)}`, "Pass 'imagenet', 'imagenet-uint8', the path of a model.json, or null.");
    }
    load = (model) => loadWeightsFile(model, weights, loadOptions, reader);
  }

  const model = buildFromArchitecture(architecture);
  runFrozenPartsOptimized(model);
  if (load === undefined) return model;
  try {
    await load(model);
    return model;
  } catch (error) {
    model.dispose();
    throw error;
  }
}
