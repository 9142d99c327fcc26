import { InvalidArgumentError } from '@dendrite/core';
import type { Tensor, Tensor2D, Tensor4D } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { compilePlan } from './compile-plan.js';
import { engineRunner } from './engine-runner.js';
import { describeShape, planImageModel } from './image-model-plan.js';
import type { InferenceModel, OptimizeForInferenceOptions } from './inference-model.js';

const defaultBatchSize = 32;

/**
 * Rewrites a MobileNetV2 (or any channels-last model of the same layer kinds) for fast inference,
 * as TensorFlow's `optimize_for_inference` tool does for graphs: each BatchNormalization is folded
 * into the kernel and bias of the convolution or Dense layer before it, ReLU and ReLU6 are fused
 * into that operation, each ZeroPadding2D becomes the padding of the next convolution, and the
 * whole model runs as a plain function of TensorFlow.js operations (fused conv2d and depthwise
 * conv2d with bias and clamp), with no tfjs-layers bookkeeping. Outputs equal `model.predict`'s
 * up to float rounding.
 *
 * Handles Conv2D, DepthwiseConv2D, BatchNormalization, ReLU, Activation, Add, ZeroPadding2D,
 * GlobalAveragePooling2D, GlobalMaxPooling2D, Dense and Dropout layers. The weights are copied, so
 * later changes to the model (training, `setWeights`) do not reach the optimized one.
 *
 * Pass `Output` as `tf.Tensor4D` for a model that ends on a feature map (no top, no pooling).
 *
 * @param model - a single-input, single-output model with a fixed input size, such as
 *   `await MobileNetV2()` with any alpha, with or without its top and pooling
 * @param options - `batchSize` of each run inside `predict` (default 32), and switches to turn
 *   single rewrites off for comparison
 * @returns the optimized model; the caller owns it (call `dispose()` when done)
 * @throws {@link UnsupportedLayerError} on a layer kind or setting it does not handle
 * @throws InvalidArgumentError when the model has several inputs or outputs or no fixed input size,
 *   or `batchSize` is not a whole number of at least 1
 * @category Models
 * @example
 * ```ts
 * const model = await MobileNetV2();
 * const fast = optimizeForInference(model);
 * const scores = tf.tidy(() => fast.predict(preprocessInput(images)));
 * console.log(decodePredictions(scores, { top: 3, classIndex: await loadImageNetClassIndex() }));
 * scores.dispose();
 * fast.dispose();
 * ```
 */
export function optimizeForInference<Output extends Tensor = Tensor2D>(
  model: LayersModel,
  options: OptimizeForInferenceOptions = {},
): InferenceModel<Output> {
  const batchSize = options.batchSize ?? defaultBatchSize;
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new InvalidArgumentError(
      'batchSize',
      `must be a whole number of at least 1, got ${String(batchSize)}`,
      `Pass 1 or more, or leave it out to use ${defaultBatchSize}.`,
    );
  }
  const { plan, rows, cols, channels } = planImageModel(model, options);
  const engine = engineRunner(plan, model.name, options.engine ?? 'auto');
  const compiled = compilePlan(plan);
  let disposed = false;
  const check = (images: Tensor4D): void => {
    if (disposed) {
      throw new InvalidArgumentError('model', 'was disposed', 'Call optimizeForInference again on the source model.');
    }
    const fits = images.rank === 4 && images.shape[1] === rows && images.shape[2] === cols && images.shape[3] === channels;
    if (!fits) {
      throw new InvalidArgumentError(
        'images',
        `have shape ${describeShape(images.shape)} but the model takes ${describeShape([null, rows, cols, channels])}`,
        'Resize the images to the model input size and stack them into one batch [n, rows, cols, channels].',
      );
    }
  };
  const predict = (images: Tensor4D): Output => {
    check(images);
    const count = images.shape[0];
    if (count <= batchSize) return compiled.run(images) as Output;
    return tf.tidy(() => {
      const parts: Tensor[] = [];
      for (let start = 0; start < count; start += batchSize) {
        const part = tf.slice(images, start, Math.min(batchSize, count - start));
        parts.push(compiled.run(part));
        part.dispose();
      }
      return tf.concat(parts, 0) as Output;
    });
  };
  return {
    name: model.name,
    inputShape: [null, rows, cols, channels],
    outputShape: [...plan.outputShape],
    engine: engine?.name ?? 'tfjs',
    predict,
    run: async (images: Tensor4D): Promise<Output> => {
      if (engine === undefined) return predict(images);
      check(images);
      return (await engine.run(images, batchSize)) as Output;
    },
    dispose: () => {
      if (disposed) return;
      disposed = true;
      tf.dispose([...compiled.weights]);
      engine?.release();
    },
  };
}
