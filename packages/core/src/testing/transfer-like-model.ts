import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel, SymbolicTensor } from '@tensorflow/tfjs-layers';
import * as tfl from '@tensorflow/tfjs-layers';

/**
 * Options of {@link transferLikeModel}.
 *
 * @category Training
 */
export interface TransferLikeModelOptions {
  /** Layers applied to the input first (augmentation layers, say); their output feeds the convolution. */
  readonly inFront?: (input: SymbolicTensor) => SymbolicTensor;
  /** A Dropout layer after the frozen part's ReLU, which acts differently while training. */
  readonly dropout?: boolean;
  /** Freeze `conv` and `bn`. Default true. */
  readonly freeze?: boolean;
}

const seeded = (seed: number) => tfl.initializers.glorotUniform({ seed });

/**
 * A small seeded model shaped like a transfer-learning model, for tests of the training loop's
 * frozen part: input (6 x 6 x 3) -> `conv` -> `bn` -> `relu` -> [`drop`] -> `pool`, frozen; then
 * `hidden` (Dense) -> `skip` (Add with the pooled features) -> `head` (Dense softmax, 2 classes),
 * a trainable part that is not a plain chain. Compiled with adam(0.01); free it with
 * {@link disposeWithOptimizer}.
 *
 * @param options - layers in front, a dropout, whether to freeze the first part
 * @returns the compiled model (owned by the caller)
 * @category Training
 * @example
 * ```ts
 * const model = transferLikeModel({ dropout: true });
 * const before = weightValues(model, ['conv', 'bn']);
 * // ... train it ...
 * expect(maxDifference(weightValues(model, ['conv', 'bn']), before)).toBe(0);
 * disposeWithOptimizer(model);
 * ```
 */
export function transferLikeModel(options: TransferLikeModelOptions = {}): LayersModel {
  const input = tfl.input({ shape: [6, 6, 3] });
  const images = options.inFront?.(input) ?? input;
  const conv = tfl.layers.conv2d({ filters: 4, kernelSize: 3, name: 'conv', kernelInitializer: seeded(1) }).apply(images) as SymbolicTensor;
  const bn = tfl.layers
    .batchNormalization({
      name: 'bn',
      movingMeanInitializer: tfl.initializers.randomNormal({ mean: 0, stddev: 1, seed: 4 }),
      movingVarianceInitializer: 'ones',
      gammaInitializer: 'ones',
    })
    .apply(conv) as SymbolicTensor;
  let x = tfl.layers.reLU({ name: 'relu' }).apply(bn) as SymbolicTensor;
  if (options.dropout === true) x = tfl.layers.dropout({ rate: 0.5, name: 'drop' }).apply(x) as SymbolicTensor;
  const pooled = tfl.layers.globalAveragePooling2d({ name: 'pool' }).apply(x) as SymbolicTensor;
  const hidden = tfl.layers
    .dense({ units: 4, activation: 'tanh', name: 'hidden', kernelInitializer: seeded(2) })
    .apply(pooled) as SymbolicTensor;
  const joined = tfl.layers.add({ name: 'skip' }).apply([hidden, pooled]) as SymbolicTensor;
  const head = tfl.layers
    .dense({ units: 2, activation: 'softmax', name: 'head', kernelInitializer: seeded(3) })
    .apply(joined) as SymbolicTensor;
  const model = tfl.model({ inputs: input, outputs: head });
  if (options.freeze !== false) for (const name of ['conv', 'bn']) model.getLayer(name).trainable = false;
  model.compile({ optimizer: tf.train.adam(0.01), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
  return model;
}

/**
 * Twenty seeded samples for {@link transferLikeModel}: 6x6x3 images in [-1, 1] and fixed 0/1
 * labels. The caller owns both tensors.
 *
 * @example
 * ```ts
 * const { x, y } = transferLikeData();
 * await fit(transferLikeModel(), x, y, { epochs: 2, batchSize: 8, seed: 7 });
 * ```
 */
export function transferLikeData(): { x: tf.Tensor4D; y: tf.Tensor1D } {
  return {
    x: tf.randomUniform([20, 6, 6, 3], -1, 1, 'float32', 5) as tf.Tensor4D,
    y: tf.tensor1d([0, 1, 1, 0, 1, 0, 0, 1, 1, 1, 0, 0, 1, 0, 1, 0, 1, 1, 0, 0]),
  };
}

/**
 * Copies of the values of every weight of the named layers, in order, to compare before and after.
 *
 * @param model - the model holding the layers
 * @param names - layer names
 * @returns one array per weight
 * @category Training
 * @example
 * ```ts
 * const [kernel, bias] = weightValues(model, ['head']);
 * ```
 */
export function weightValues(model: LayersModel, names: readonly string[]): Float32Array[] {
  return names.flatMap((name) => model.getLayer(name).weights.map((weight) => weight.read().dataSync().slice() as Float32Array));
}

/**
 * The largest absolute difference between two lists of weight values ({@link weightValues});
 * NaN when the second has fewer values.
 *
 * @param a - the first values
 * @param b - the second values
 * @returns the largest difference
 * @category Training
 * @example
 * ```ts
 * expect(maxDifference(weightValues(model, ['bn']), before)).toBe(0);
 * ```
 */
export function maxDifference(a: readonly Float32Array[], b: readonly Float32Array[]): number {
  let max = 0;
  a.forEach((values, i) => {
    values.forEach((value, j) => {
      max = Math.max(max, Math.abs(value - (b[i]?.[j] ?? Number.NaN)));
    });
  });
  return max;
}

/**
 * Frees a compiled model and its optimizer (tfjs-layers keeps an optimizer object it was given).
 *
 * @param model - a compiled model
 * @category Training
 * @example
 * ```ts
 * disposeWithOptimizer(transferLikeModel());
 * ```
 */
export function disposeWithOptimizer(model: LayersModel): void {
  model.optimizer.dispose();
  model.dispose();
}
