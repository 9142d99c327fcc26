import * as tf from '@tensorflow/tfjs-core';

import { RandomBrightness } from './random-brightness.js';
import { RandomContrast } from './random-contrast.js';
import { RandomFlip } from './random-flip.js';
import { RandomRotation } from './random-rotation.js';
import { RandomTranslation } from './random-translation.js';
import { RandomZoom } from './random-zoom.js';

let done = false;

/**
 * Registers the augmentation layers with TensorFlow.js's serialization under Keras's class names,
 * so that `tf.loadLayersModel` reads a model.json holding them. Building any of them registers it
 * too; call this before loading a model you have not built in this program. Safe to call again.
 *
 * @category Models
 * @example
 * ```ts
 * registerAugmentationLayers();
 * const model = await tfl.loadLayersModel('file://./augmented/model.json');
 * ```
 */
export function registerAugmentationLayers(): void {
  if (done) return;
  for (const layer of [RandomFlip, RandomRotation, RandomZoom, RandomTranslation, RandomContrast, RandomBrightness])
    tf.serialization.registerClass(layer);
  done = true;
}
