import type { TransferProgress } from '@dendrite/core';
import { embeddedImageNetClassIndex, type ImageNetClassIndex, loadImageNetClassIndex, MobileNetV2 } from '@dendrite/mobilenet';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { modelFromFiles } from './own-weights.js';
import { fileNameOf, type PageSettings } from './settings.js';

/** MobileNetV2 with its ImageNet top, and the names of its 1000 classes. */
export interface Classifier {
  readonly model: LayersModel;
  readonly classIndex: ImageNetClassIndex;
}

/** Loading the classifier failed; `file` names the file that failed, for the error's title. */
export class ClassifierLoadError extends Error {
  constructor(
    /** The file that could not be had or read, in words, such as `model.json` or `imagenet_class_index.json`. */
    readonly file: string,
    cause: unknown,
  ) {
    super(`Could not load ${file}`, { cause });
    this.name = 'ClassifierLoadError';
  }
}

let loading: Promise<Classifier> | undefined;
let ownWeights: readonly File[] | undefined;
const listeners = new Set<(event: TransferProgress) => void>();

/**
 * From now on, the classifier's weights come from files the user picked (a model.json with its
 * shards, or a .h5) instead of the settings. The model loaded so far is kept by whoever holds it.
 *
 * @param files - the picked files
 * @returns a description of the weights, for the page
 */
export function useOwnWeights(files: readonly File[]): string {
  ownWeights = [...files];
  loading = undefined;
  return files.map((file) => file.name).join(', ');
}

function loadModel(settings: PageSettings, onProgress: (event: TransferProgress) => void): Promise<LayersModel> {
  const files = ownWeights;
  if (files !== undefined) {
    const main = files.find((file) => /\.(json|h5|hdf5|keras)$/i.test(file.name)) ?? files[0];
    return modelFromFiles(files).catch((error: unknown) =>
      Promise.reject(new ClassifierLoadError(main?.name ?? 'the picked weights', error)),
    );
  }
  return MobileNetV2({ weights: settings.weights, onProgress }).catch((error: unknown) =>
    Promise.reject(new ClassifierLoadError(fileNameOf(settings.weights), error)),
  );
}

function loadClassNames(settings: PageSettings, onProgress: (event: TransferProgress) => void): Promise<ImageNetClassIndex> {
  const { labels } = settings;
  if (labels === undefined) return Promise.resolve(embeddedImageNetClassIndex());
  return loadImageNetClassIndex(labels, { onProgress }).catch((error: unknown) =>
    Promise.reject(new ClassifierLoadError(fileNameOf(labels), error)),
  );
}

/**
 * Loads MobileNetV2 and the class names once for the whole page (parts 3 and 4 share them): by
 * default the weights and class names built into the page, else those the settings name (downloaded
 * on first use and cached) or the files the user picked. A failed load is forgotten, so that the
 * next call tries again; its error is a {@link ClassifierLoadError} naming the file that failed.
 *
 * @param settings - where the weights and class names are
 * @param onProgress - receives the download progress of this load (also when another part started it)
 */
export function loadClassifier(settings: PageSettings, onProgress: (event: TransferProgress) => void): Promise<Classifier> {
  listeners.add(onProgress);
  if (loading === undefined) {
    const broadcast = (event: TransferProgress): void =>
      listeners.forEach((listener) => {
        listener(event);
      });
    const started = Promise.allSettled([loadModel(settings, broadcast), loadClassNames(settings, broadcast)]).then(
      ([model, classIndex]) => {
        if (model.status === 'fulfilled' && classIndex.status === 'fulfilled') return { model: model.value, classIndex: classIndex.value };
        // The model is not kept when the class names failed: the next try loads both again.
        if (model.status === 'fulfilled') model.value.dispose();
        throw model.status === 'rejected' ? model.reason : (classIndex as PromiseRejectedResult).reason;
      },
    );
    loading = started;
    started.catch(() => {
      if (loading === started) loading = undefined;
    });
  }
  const current = loading;
  void current.finally(() => listeners.delete(onProgress)).catch(() => undefined);
  return current;
}
