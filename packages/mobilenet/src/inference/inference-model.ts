import type { Tensor, Tensor2D, Tensor4D } from '@tensorflow/tfjs-core';

/**
 * A model rewritten for fast inference by {@link optimizeForInference}: the same function as the
 * Keras model it came from, run as plain TensorFlow.js operations with its own copy of the weights.
 * Training and layer access are gone; `predict` and `dispose` remain.
 *
 * `Output` is the type of `predict`'s result: `Tensor2D` for a classifier or a pooled feature
 * extractor (the default), `Tensor4D` for a model that ends on a feature map.
 *
 * @category Models
 * @example
 * ```ts
 * const fast = optimizeForInference(await MobileNetV2());
 * const scores = fast.predict(preprocessInput(images)); // [n, 1000]
 * fast.dispose();
 * ```
 */
export interface InferenceModel<Output extends Tensor = Tensor2D> {
  /** The source model's name. */
  readonly name: string;
  /** The input shape as Keras gives it, batch first: `[null, rows, cols, channels]`. */
  readonly inputShape: readonly [null, number, number, number];
  /** The output shape, batch first (`[null, 1000]` for an ImageNet classifier). */
  readonly outputShape: readonly (number | null)[];
  /**
   * The engine {@link InferenceModel.run} uses: `'onnxruntime'` when the platform has ONNX Runtime
   * (Node with `onnxruntime-node` installed), else `'tfjs'`.
   */
  readonly engine: string;
  /**
   * Runs the model on a batch, as the source model's `predict` does.
   *
   * @param images - `[n, rows, cols, channels]` inputs, preprocessed as the source model expects
   *   (for MobileNetV2, by {@link preprocessInput})
   * @returns the outputs; the caller owns them (dispose when done)
   * @throws InvalidArgumentError when the images do not match {@link InferenceModel.inputShape}
   */
  predict(images: Tensor4D): Output;
  /**
   * Runs the model on a batch on its {@link InferenceModel.engine}: ONNX Runtime where the platform
   * has it, else TensorFlow.js as {@link InferenceModel.predict} does. The fastest way to predict.
   *
   * @param images - `[n, rows, cols, channels]` inputs, preprocessed as the source model expects
   * @returns the outputs; the caller owns them (dispose when done)
   * @throws InvalidArgumentError when the images do not match {@link InferenceModel.inputShape}
   */
  run(images: Tensor4D): Promise<Output>;
  /** Frees the rewritten weights. The source model is not affected. */
  dispose(): void;
}

/**
 * Options of {@link optimizeForInference}. Every rewrite is on by default; turning one off is for
 * measuring what it brings, the result is the same function either way.
 *
 * @category Models
 * @example
 * ```ts
 * const unfolded = optimizeForInference(model, { foldBatchNorm: false, fuseActivations: false });
 * ```
 */
export interface OptimizeForInferenceOptions {
  /**
   * How many images `predict` runs at once, as Keras's `predict(x, batch_size)`: a larger batch is
   * split into runs of this size and the results joined. Default 32, Keras's default; smaller runs
   * were slower on the wasm backend (its convolutions are most efficient on large batches).
   */
  readonly batchSize?: number;
  /**
   * The engine {@link InferenceModel.run} uses: `'auto'` (default: the platform's native engine, ONNX
   * Runtime in Node when installed, else TensorFlow.js), `'tfjs'`, or `'onnxruntime'` (required).
   */
  readonly engine?: 'auto' | 'tfjs' | 'onnxruntime';
  /** Fold each BatchNormalization into the kernel and bias before it. Default true. */
  readonly foldBatchNorm?: boolean;
  /** Apply ReLU and ReLU6 inside the convolution or Dense operation before them. Default true. */
  readonly fuseActivations?: boolean;
  /** Turn each ZeroPadding2D into padding of the next convolution. Default true. */
  readonly foldPadding?: boolean;
}
