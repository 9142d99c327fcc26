import type { TransferProgress } from '@dendrite/core';
import { loadImageNetClassIndex, MobileNetV2, type ImageNetClassIndex } from '@dendrite/mobilenet';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { PageSettings } from './settings.js';

/** MobileNetV2 with its ImageNet top, and the names of its 1000 classes. */
export interface Classifier {
  readonly model: LayersModel;
  readonly classIndex: ImageNetClassIndex;
}

let loading: Promise<Classifier> | undefined;
const listeners = new Set<(event: TransferProgress) => void>();

/**
 * Loads MobileNetV2 and the class names once for the whole page (parts 3 and 4 share them). The
 * weights and names are downloaded on first use and come from the browser's cache afterwards.
 * A failed load is forgotten, so that the next call tries again.
 *
 * @param settings - where the weights and class names are
 * @param onProgress - receives the download progress of this load (also when another part started it)
 */
export function loadClassifier(settings: PageSettings, onProgress: (event: TransferProgress) => void): Promise<Classifier> {
  listeners.add(onProgress);
  if (loading === undefined) {
    const broadcast = (event: TransferProgress): void => listeners.forEach((listener) => listener(event));
    const started = Promise.all([
      MobileNetV2({ weights: settings.weights, onProgress: broadcast }),
      loadImageNetClassIndex(settings.labels, { onProgress: broadcast }),
    ]).then(([model, classIndex]) => ({ model, classIndex }));
    loading = started;
    started.catch(() => {
      loading = undefined;
    });
  }
  const current = loading;
  void current.finally(() => listeners.delete(onProgress)).catch(() => undefined);
  return current;
}
