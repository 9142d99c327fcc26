import { writeFile } from 'node:fs/promises';
import { gradCam, heatmapOverlay, type TransferProgress } from '@dendrite/core';
import { loadImage } from '@dendrite/data';
import { loadKerasModel } from '@dendrite/keras';
import {
  KERAS_IMAGENET_CLASS_INDEX_URL,
  MobileNetV2,
  decodePredictions,
  loadImageNetClassIndex,
  loadModel,
  preprocessInput,
  transferClassNames,
} from '@dendrite/mobilenet';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { explanationLayout, explanationPng, type ExplanationLayout, type ScoredClass } from './explain-image.js';

const INPUT_SIZE = 224;

/** Options of the explain command. */
export interface ExplainOptions {
  /** The photo to explain. */
  readonly image: string;
  /** A folder saved by `transfer --save` (or `saveModel`), or a Keras `.keras` / `.h5` file; default the ImageNet classifier. */
  readonly model?: string;
  /** With the ImageNet classifier: its weights (`'imagenet'` or a path or URL). */
  readonly weights?: string;
  /** With the ImageNet classifier: Keras's imagenet_class_index.json. */
  readonly labels?: string;
  /** Where the PNG goes; default `<photo name>-gradcam.png` in the current folder. */
  readonly out: string;
  /** How many classes to list. Default 3. */
  readonly top?: number;
  readonly print: (line: string) => void;
  readonly onProgress?: (event: TransferProgress) => void;
}

/** What explain produced (the --json output). */
export interface ExplainResult {
  readonly image: string;
  readonly model: string;
  readonly top: readonly ScoredClass[];
  readonly explained: string;
  /** The heatmap at the layer's resolution, rows of values 0..1. */
  readonly heatmap: number[][];
  readonly out: string;
  readonly layout: ExplanationLayout;
}

interface Classifier {
  readonly model: LayersModel;
  readonly describe: string;
  /** The top classes of a score vector. */
  readonly topClasses: (scores: tf.Tensor2D, top: number) => ScoredClass[];
}

async function classifier(options: ExplainOptions): Promise<Classifier> {
  const progress = options.onProgress === undefined ? {} : { onProgress: options.onProgress };
  if (options.model !== undefined) {
    // A Keras file (saved in Python with model.save) or a folder saved by transfer --save.
    const model = /\.(keras|h5)$/i.test(options.model) ? await loadKerasModel(options.model) : await loadModel(options.model);
    const names = transferClassNames(model);
    return {
      model,
      describe: options.model,
      topClasses: (scores, top) => {
        const values = Array.from(scores.dataSync());
        return values
          .map((score, i) => ({ className: names?.[i] ?? `class ${i}`, score }))
          .sort((a, b) => b.score - a.score)
          .slice(0, top);
      },
    };
  }
  const weights = options.weights ?? 'imagenet';
  const [model, classIndex] = await Promise.all([MobileNetV2({ weights, ...progress }), loadImageNetClassIndex(options.labels ?? KERAS_IMAGENET_CLASS_INDEX_URL, progress)]);
  return {
    model,
    describe: `MobileNetV2, ImageNet (${weights})`,
    topClasses: (scores, top) => (decodePredictions(scores, { top, classIndex })[0] ?? []).map(({ className, score }) => ({ className, score })),
  };
}

/**
 * Explains one prediction: the photo's top classes, and Grad-CAM of the top one on MobileNetV2's
 * last feature map (`out_relu`), written as a PNG of the photo, the photo under its heatmap, and
 * the classes.
 */
export async function runExplain(options: ExplainOptions): Promise<ExplainResult> {
  const { print } = options;
  const { model, describe, topClasses } = await classifier(options);
  const photo = await loadImage(options.image, { size: [INPUT_SIZE, INPUT_SIZE], resizeMode: 'stretch' });
  const held: tf.Tensor[] = [photo];
  try {
    const images = tf.tidy(() => preprocessInput(tf.expandDims<tf.Tensor4D>(photo, 0)));
    held.push(images);
    const scores = tf.tidy(() => model.predict(images) as tf.Tensor2D);
    held.push(scores);
    const top = topClasses(scores, options.top ?? 3);
    const classIndex = tf.tidy(() => tf.argMax(scores, 1).dataSync()[0] as number);
    const heatmaps = gradCam(model, images, { classIndex });
    held.push(heatmaps);
    const heatmap = tf.tidy(() => tf.squeeze(heatmaps, [0]) as tf.Tensor2D);
    held.push(heatmap);
    const overlay = heatmapOverlay(photo, heatmap);
    held.push(overlay);
    const [photoBytes, overlayBytes] = tf.tidy(() => [tf.cast(photo, 'int32'), overlay].map((t) => Uint8Array.from(t.dataSync())));
    const explained = top[0]?.className ?? `class ${classIndex}`;
    const png = await explanationPng(photoBytes as Uint8Array, overlayBytes as Uint8Array, INPUT_SIZE, top, explained);
    await writeFile(options.out, png);
    print(`${options.image} with ${describe}:`);
    top.forEach((entry) => print(`  ${entry.className.padEnd(24)} ${(entry.score * 100).toFixed(1).padStart(5)} %`));
    print(`Grad-CAM of '${explained}' (where the model found it, from its last feature map) laid over the photo: ${options.out}`);
    return { image: options.image, model: describe, top, explained, heatmap: heatmap.arraySync(), out: options.out, layout: explanationLayout(INPUT_SIZE) };
  } finally {
    tf.dispose(held);
    model.dispose();
  }
}
