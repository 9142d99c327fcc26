import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { InvalidArgumentError } from './errors.js';
import { layerActivation, withLayerCall, withoutActivation, type Layer } from './layer-hooks.js';

/**
 * Options of {@link gradCam}.
 *
 * @category Models
 * @example
 * ```ts
 * const options: GradCamOptions = { layer: 'out_relu', classIndex: 1 };
 * ```
 */
export interface GradCamOptions {
  /**
   * The name of the convolutional layer to explain, searched in the model and in the models nested
   * in it. Default: the last layer with a feature-map output (`out_relu` in MobileNetV2).
   */
  readonly layer?: string;
  /** The class to explain: one for every image, or one per image. Default: each image's top class. */
  readonly classIndex?: number | readonly number[];
  /**
   * `'logits'` (default, as the keras.io recipe): the score of the class before the last layer's
   * softmax. `'output'`: the model's output as it is (the probability, for a softmax head).
   */
  readonly score?: 'logits' | 'output';
}

function isModel(layer: Layer): layer is Layer & LayersModel {
  return Array.isArray((layer as Partial<LayersModel>).layers);
}

function outputRank(layer: Layer): number | undefined {
  try {
    const shape = layer.outputShape;
    return Array.isArray(shape[0]) || shape[0] === undefined ? undefined : shape.length;
  } catch {
    return undefined; // a layer used in several places has no single output shape
  }
}

/** Every layer of `model` and of the models nested in it, depth first, in the order they run. */
function allLayers(model: LayersModel): Layer[] {
  return model.layers.flatMap((layer) => (isModel(layer) ? [layer, ...allLayers(layer)] : [layer]));
}

/** The named layer, or the last one whose output is a feature map [n, h, w, c]. */
function targetLayer(model: LayersModel, name: string | undefined): Layer {
  const layers = allLayers(model);
  if (name !== undefined) {
    const found = layers.find((layer) => layer.name === name && !isModel(layer));
    if (found === undefined) {
      throw new InvalidArgumentError('layer', `'${name}' is not a layer of ${model.name} or of a model inside it`, `Pass one of its convolutional layers, such as '${targetLayer(model, undefined).name}'.`);
    }
    return found;
  }
  const found = [...layers].reverse().find((layer) => !isModel(layer) && layer.getClassName() !== 'InputLayer' && outputRank(layer) === 4);
  if (found === undefined) throw new InvalidArgumentError('model', `${model.name} has no layer with a feature map output [n, h, w, c]`, 'Grad-CAM explains convolutional image models; pass one.');
  return found;
}

/** The layer whose output is the model's output (inside nested models too). */
function outputLayer(model: LayersModel): Layer {
  const last = model.outputs[0]?.sourceLayer as Layer | undefined;
  if (last === undefined) throw new InvalidArgumentError('model', `${model.name} has no output`, 'Pass a built model.');
  return isModel(last) ? outputLayer(last) : last;
}

function classIndices(option: GradCamOptions['classIndex'], scores: tf.Tensor2D, n: number): number[] {
  const classes = scores.shape[1];
  const picked = option === undefined ? Array.from(tf.tidy(() => tf.argMax(scores, 1)).dataSync()) : typeof option === 'number' ? new Array<number>(n).fill(option) : [...option];
  if (picked.length !== n || picked.some((c) => !Number.isInteger(c) || c < 0 || c >= classes)) {
    throw new InvalidArgumentError('classIndex', `must be a class index from 0 to ${classes - 1}, or one per image (${n}), got ${JSON.stringify(option)}`, 'Leave it out to explain each image\'s top class.');
  }
  return picked;
}

/**
 * Grad-CAM heatmaps: where in each image the model found the evidence for a class. As the keras.io
 * recipe computes them: the gradient of the class score with respect to a convolutional layer's
 * output, averaged over each channel, weighs the channels of that output; their sum, through a
 * ReLU, divided by its maximum, is the heatmap (0..1; all 0 when nothing speaks for the class).
 *
 * Works on any tfjs-layers model (Sequential, functional, a transfer model whose base is nested as
 * one layer); the layer's output is taken while the model runs, so nothing is rebuilt.
 *
 * @param model - an image classifier
 * @param images - a batch [n, height, width, channels], preprocessed as the model expects
 * @param options - which layer and class; by default the last feature map and each image's top class
 * @returns the heatmaps, owned by the caller: [n, h, w] at the layer's resolution (7 x 7 for MobileNetV2 at 224)
 * @throws InvalidArgumentError when the layer or class does not exist, or the images are not a batch
 * @category Models
 * @example
 * ```ts
 * const images = preprocessInput(await loadImages(['cat.jpg'], { size: [224, 224] }));
 * const heatmaps = gradCam(model, images); // [1, 7, 7], from out_relu, for the top class
 * const overlay = heatmapOverlay(photo, heatmaps.squeeze([0])); // the photo with the heatmap on it
 * ```
 */
export function gradCam(model: LayersModel, images: tf.Tensor4D, options: GradCamOptions = {}): tf.Tensor3D {
  if (images.rank !== 4) {
    throw new InvalidArgumentError('images', `must be a batch [n, height, width, channels], got shape [${images.shape.join(', ')}]`, 'Add the batch axis: images.expandDims(0).');
  }
  const layer = targetLayer(model, options.layer);
  const last = outputLayer(model);
  const logits = (options.score ?? 'logits') === 'logits' && layerActivation(last) === 'softmax';
  const run = (): tf.Tensor2D => (logits ? withoutActivation(last, () => model.apply(images, { training: false })) : model.apply(images, { training: false })) as tf.Tensor2D;

  // The model disposes its intermediate tensors as soon as they are used: a clone of the layer's
  // output (sharing its data) is kept for the second pass, and disposed here.
  let features: tf.Tensor4D | undefined;
  const capture = (original: () => tf.Tensor): tf.Tensor => {
    const output = original();
    features = tf.keep(tf.clone(output) as tf.Tensor4D);
    return output;
  };
  try {
    return explain(layer, images, options.classIndex, run, capture, () => features);
  } finally {
    features?.dispose();
  }
}

function explain(
  layer: Layer,
  images: tf.Tensor4D,
  classIndex: GradCamOptions['classIndex'],
  run: () => tf.Tensor2D,
  capture: (original: () => tf.Tensor) => tf.Tensor,
  captured: () => tf.Tensor4D | undefined,
): tf.Tensor3D {
  return tf.tidy(() => {
    // First pass: the layer's output, and the scores that pick the class when none is given.
    const scores = withLayerCall(layer, capture, run);
    const features = captured();
    if (features === undefined || features.rank !== 4) {
      throw new InvalidArgumentError('layer', `'${layer.name}' did not give a feature map [n, h, w, c] when the model ran`, 'Pass a convolutional layer that the model runs.');
    }
    const n = images.shape[0];
    const oneHot = tf.oneHot(classIndices(classIndex, scores, n), scores.shape[1]);
    // Second pass: the rest of the model runs on the layer's output, so the gradient reaches it.
    // Each image's score depends on its own features only, so one sum gives every image's gradient.
    const gradient = tf.grad((output: tf.Tensor) => withLayerCall(layer, () => tf.clone(output), () => tf.sum(tf.mul(run(), oneHot))))(features);
    const weights = tf.mean(gradient, [1, 2], true);
    const heatmaps = tf.relu(tf.sum(tf.mul(features, weights), 3));
    const peak = tf.max(heatmaps, [1, 2], true);
    // A heatmap of zeros (nothing speaks for the class) stays zeros instead of 0 / 0.
    return tf.div(heatmaps, tf.where(tf.greater(peak, 0), peak, tf.onesLike(peak))) as tf.Tensor3D;
  });
}
