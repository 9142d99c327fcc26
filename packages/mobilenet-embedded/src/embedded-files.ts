import { decodeBase64 } from './base64.js';
import { classIndexJson } from './generated/imagenet-class-index-json.js';

/**
 * Keras's `imagenet_class_index.json`, byte for byte the file Keras downloads (its md5 is the
 * `file_hash` Keras checks), as an object: `{"0": ["n01440764", "tench"], ..., "999": [...]}`.
 * Key `i` is output `i` of MobileNetV2's ImageNet classifier. It is part of the package, so it is
 * there offline and synchronously.
 *
 * @category Data
 * @example
 * ```ts
 * import { imagenetClassIndexJson } from '@dendrite/mobilenet-embedded';
 * console.log(imagenetClassIndexJson['155']); // ['n02086240', 'Shih-Tzu']
 * ```
 */
export const imagenetClassIndexJson: Readonly<Record<string, readonly [string, string]>> = classIndexJson;

/**
 * The files of a TensorFlow.js layers model: `model.json` and the weight shards it lists, by file
 * name.
 *
 * @category Data
 * @example
 * ```ts
 * const files: EmbeddedModelFiles = await mobileNetV2Uint8Files();
 * console.log(Object.keys(files)); // ['model.json', 'group1-shard1of2.bin', 'group1-shard2of2.bin']
 * ```
 */
export type EmbeddedModelFiles = Readonly<Record<string, Uint8Array>>;

/**
 * The name by which `@dendrite/mobilenet` chooses these weights: `MobileNetV2({ weights: 'imagenet-uint8' })`.
 *
 * @category Data
 * @example
 * ```ts
 * const model = await MobileNetV2({ weights: EMBEDDED_WEIGHTS_NAME });
 * ```
 */
export const EMBEDDED_WEIGHTS_NAME = 'imagenet-uint8';

/**
 * What the embedded weights are, in one line, for a program to tell its users.
 *
 * @category Data
 * @example
 * ```ts
 * console.log(`Weights: ${EMBEDDED_WEIGHTS_DESCRIPTION}`);
 * ```
 */
export const EMBEDDED_WEIGHTS_DESCRIPTION =
  "MobileNetV2 1.0/224 ImageNet classifier with 8-bit (uint8) weights, derived from Google's quantised TFLite model, not Keras's float weights: probabilities differ from Keras's by a few percent, top classes agree";

/**
 * The default ImageNet MobileNetV2 (alpha 1.0, 224x224, with its 1000-class top) as a TensorFlow.js
 * layers model: `model.json` and two weight shards, 3.7 MB in all. Its kernels are 8-bit
 * (uint8-quantised), taken from Google's quantisation-aware-trained TFLite model and laid out as
 * Keras's `MobileNetV2`, so they load by Keras's layer names; see PROVENANCE.md in this package.
 * The bytes are part of the package's JavaScript (loaded on the first call, then kept), so they
 * work offline in Node and in any bundler with no asset set-up. Most programs use them through
 * `MobileNetV2({ weights: 'imagenet-uint8' })` of `@dendrite/mobilenet`.
 *
 * @returns the files by name; the same object on every call (do not modify it)
 * @category Data
 * @example
 * ```ts
 * import { mobileNetV2Uint8Files } from '@dendrite/mobilenet-embedded';
 * const files = await mobileNetV2Uint8Files();
 * const manifest = JSON.parse(new TextDecoder().decode(files['model.json']));
 * console.log(manifest.format); // 'layers-model'
 * ```
 */
export function mobileNetV2Uint8Files(): Promise<EmbeddedModelFiles> {
  loading ??= import('./generated/mobilenet-v2-uint8-files.js').then(({ base64Files }) =>
    Object.freeze(Object.fromEntries(Object.entries(base64Files).map(([name, text]) => [name, decodeBase64(text)]))),
  );
  return loading;
}

let loading: Promise<EmbeddedModelFiles> | undefined;
