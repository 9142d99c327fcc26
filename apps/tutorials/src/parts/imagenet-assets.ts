import type { DendriteError, TransferProgress } from '@dendrite/core';
import { MobileNetV2, embeddedImageNetClassIndex, loadImageNetClassIndex, type ImageNetClassIndex } from '@dendrite/mobilenet';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { AssetsUnavailableError, isUnavailable, type UnavailableAsset } from './assets-unavailable-error.js';

/** The course's weights unless --weights says otherwise: the ImageNet weights embedded in the packages. */
export const DEFAULT_WEIGHTS = 'imagenet-uint8';

/** How the result names the class names when no --labels was given. */
export const EMBEDDED_LABELS = "Keras's imagenet_class_index.json, embedded in @dendrite/mobilenet-embedded";

/** One line that says which weights the course uses and how they differ from Keras's. */
export function describeWeights(weights: string): string {
  if (weights === DEFAULT_WEIGHTS) {
    return "The weights: 'imagenet-uint8', embedded (no download): 8-bit weights derived from Google's quantised TFLite MobileNetV2, not Keras's float weights, so scores differ from Keras's by a few percent (--weights imagenet downloads Keras's once).";
  }
  if (weights === 'imagenet') return "The weights: 'imagenet', Keras's own float ImageNet weights (downloaded once, then cached).";
  return `The weights: ${weights}.`;
}

/**
 * Loads MobileNetV2 with `weights` and the class names side by side (the embedded class index when
 * `labels` is undefined). When either cannot be had (no network, offline, a missing file), one error
 * names every missing file and what to do.
 */
export async function loadImageNetAssets(
  weights: string,
  labels: string | undefined,
  onProgress: ((event: TransferProgress) => void) | undefined,
  architecture: { readonly includeTop?: boolean } = {},
): Promise<{ model: LayersModel; classIndex: ImageNetClassIndex }> {
  const progress = onProgress === undefined ? {} : { onProgress };
  const [model, classIndex] = await Promise.allSettled([
    MobileNetV2({ weights, ...architecture, ...progress }),
    labels === undefined ? Promise.resolve(embeddedImageNetClassIndex()) : loadImageNetClassIndex(labels, progress),
  ]);
  if (model.status === 'fulfilled' && classIndex.status === 'fulfilled') return { model: model.value, classIndex: classIndex.value };
  if (model.status === 'fulfilled') model.value.dispose();

  const failures: Array<{ what: UnavailableAsset['what']; source: string; reason: unknown }> = [];
  if (model.status === 'rejected') failures.push({ what: 'weights', source: weights, reason: model.reason });
  if (classIndex.status === 'rejected') failures.push({ what: 'labels', source: labels ?? EMBEDDED_LABELS, reason: classIndex.reason });
  // A file that is there but wrong (not a model, another architecture) explains itself.
  const wrong = failures.find((failure) => !isUnavailable(failure.reason));
  if (wrong !== undefined) throw wrong.reason;
  throw new AssetsUnavailableError(failures.map(({ what, source, reason }) => ({ what, source, cause: reason as DendriteError })));
}
