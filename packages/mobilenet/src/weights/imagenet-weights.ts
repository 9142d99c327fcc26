import { InvalidArgumentError } from '@dendrite/core';

/**
 * The file formats MobileNetV2 weights can be loaded from: a TF.js layers `model.json` with its
 * `.bin` shards, or a Keras HDF5 (`.h5`) weights file.
 *
 * @category Weights
 */
export type WeightsFormat = 'tfjs-layers' | 'keras-h5';

/**
 * Where one set of pretrained weights is published.
 *
 * @category Weights
 */
export interface WeightsSource {
  /** The URL of the file (for `tfjs-layers`, the model.json; its shards are found beside it). */
  readonly url: string;
  /** How the file is read. */
  readonly format: WeightsFormat;
  /** The sha256 of the file at `url` (lowercase hex), checked before it is cached, when known. */
  readonly sha256?: string;
}

/**
 * Which pretrained ImageNet weights to look up: Keras's `alpha`, the square input size and whether
 * the classifier is included.
 *
 * @category Weights
 */
export interface ImagenetWeightsKey {
  /** Keras's width multiplier `alpha`, such as 1.0 or 0.35. */
  readonly alpha: number;
  /** The square input's height and width in pixels, such as 224. */
  readonly size: number;
  /** Whether the weights include the 1000-class classifier top. */
  readonly includeTop: boolean;
}

const KERAS_BASE_URL = 'https://storage.googleapis.com/tensorflow/keras-applications/mobilenet_v2/';

/** Keras writes alpha as Python's `str(float(alpha))`: 1.0, 0.5, 0.35. */
function alphaText(alpha: number): string {
  return Number.isInteger(alpha) ? alpha.toFixed(1) : String(alpha);
}

/**
 * The registry name of a set of ImageNet weights, as in Keras's file names: `'1.0_224'` with the
 * classifier, `'1.0_224_no_top'` without.
 *
 * @param key - alpha, size and whether the classifier is included
 * @returns the name under which {@link imagenetWeightSources} lists it
 * @category Weights
 * @example
 * ```ts
 * imagenetWeightsName({ alpha: 0.35, size: 224, includeTop: false }); // '0.35_224_no_top'
 * ```
 */
export function imagenetWeightsName(key: ImagenetWeightsKey): string {
  return `${alphaText(key.alpha)}_${key.size}${key.includeTop ? '' : '_no_top'}`;
}

function kerasSources(): Record<string, WeightsSource> {
  // TF-slim, from which Keras converted its weights, trained alphas 1.3 and 1.4 at 224 only.
  const published: Array<[number, number[]]> = [
    [0.35, [96, 128, 160, 192, 224]],
    [0.5, [96, 128, 160, 192, 224]],
    [0.75, [96, 128, 160, 192, 224]],
    [1.0, [96, 128, 160, 192, 224]],
    [1.3, [224]],
    [1.4, [224]],
  ];
  const sources: Record<string, WeightsSource> = {};
  for (const [alpha, sizes] of published) {
    for (const size of sizes) {
      for (const includeTop of [true, false]) {
        const name = imagenetWeightsName({ alpha, size, includeTop });
        sources[name] = { url: `${KERAS_BASE_URL}mobilenet_v2_weights_tf_dim_ordering_tf_kernels_${name}.h5`, format: 'keras-h5' };
      }
    }
  }
  return sources;
}

/**
 * The registry of pretrained MobileNetV2 ImageNet weights that `MobileNetV2({weights: 'imagenet'})`
 * loads, keyed by {@link imagenetWeightsName} (`'<alpha>_<size>'`, plus `'_no_top'` without the
 * classifier). Entries point at the files Keras itself downloads.
 *
 * @category Weights
 * @example
 * ```ts
 * console.log(imagenetWeightSources['1.0_224']?.url);
 * ```
 */
export const imagenetWeightSources: Readonly<Record<string, WeightsSource>> = Object.freeze(kerasSources());

/**
 * Looks up the pretrained ImageNet weights for an architecture.
 *
 * @param key - alpha, square input size and whether the classifier is included
 * @returns where the weights are published
 * @throws InvalidArgumentError when no ImageNet weights exist for that alpha and size, listing those that do
 * @category Weights
 * @example
 * ```ts
 * const { url, format } = imagenetWeightSource({ alpha: 1.0, size: 224, includeTop: true });
 * ```
 */
export function imagenetWeightSource(key: ImagenetWeightsKey): WeightsSource {
  const source = imagenetWeightSources[imagenetWeightsName(key)];
  if (source !== undefined) return source;
  const suffix = key.includeTop ? '' : '_no_top';
  const available = Object.keys(imagenetWeightSources)
    .filter((name) => (key.includeTop ? !name.endsWith('_no_top') : name.endsWith('_no_top')))
    .map((name) => name.slice(0, name.length - suffix.length).replace('_', ' at '));
  throw new InvalidArgumentError(
    'weights',
    `no ImageNet weights are published for alpha ${key.alpha} at ${key.size}x${key.size} pixels`,
    `Those that exist are alpha ${available.join(', ')}; pick one of them, or pass weights: null to start from random weights.`,
  );
}
