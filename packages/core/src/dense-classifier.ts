import * as tfl from '@tensorflow/tfjs-layers';
import { InvalidArgumentError } from './errors.js';
import { SeededRandom } from './random.js';

/**
 * Options for {@link denseClassifier}.
 *
 * @category Models
 */
export interface DenseClassifierOptions {
  /** Shape of one sample, without the batch dimension. Default `[1]`, as in the course. */
  readonly inputShape?: readonly number[];
  /** Units of each hidden Dense layer (ReLU). Default `[8]`, as in the course. */
  readonly hiddenUnits?: readonly number[];
  /** Number of classes: units of the softmax output layer. Default 2. */
  readonly classes?: number;
  /** Seed of the weight initializers, so that the same seed gives the same starting weights. */
  readonly seed?: number;
  /** Compile with adam, sparse categorical crossentropy and accuracy, as the course does. Default true. */
  readonly compile?: boolean;
}

function checkPositiveInteger(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 1) {
    throw new InvalidArgumentError(name, `must be a positive integer, got ${String(value)}`, 'Pass a whole number >= 1.');
  }
}

/**
 * Builds the course's basic network as a tfjs-layers Sequential model: Dense hidden layers with ReLU
 * then a Dense softmax output, compiled like Keras's
 * `compile(optimizer='adam', loss='sparse_categorical_crossentropy', metrics=['accuracy'])`.
 * With the defaults it is the course's 1 → 8 → 2 network of 16 + 18 = 34 parameters.
 *
 * @param options - layer sizes, number of classes, seed of the initial weights, and whether to compile
 * @returns a tfjs-layers `Sequential` model, owned by the caller (call `dispose()` when done)
 * @category Models
 * @example
 * ```ts
 * const model = denseClassifier({ seed: 42 });
 * summary(model); // Total params: 34
 * ```
 */
export function denseClassifier(options: DenseClassifierOptions = {}): tfl.Sequential {
  const { inputShape = [1], hiddenUnits = [8], classes = 2, seed, compile = true } = options;
  inputShape.forEach((size) => {
    checkPositiveInteger('inputShape', size);
  });
  hiddenUnits.forEach((units) => {
    checkPositiveInteger('hiddenUnits', units);
  });
  checkPositiveInteger('classes', classes);
  const random = seed === undefined ? undefined : new SeededRandom(seed);
  const kernelInitializer = () => tfl.initializers.glorotUniform(random ? { seed: random.nextSeed() } : {});

  const model = tfl.sequential();
  hiddenUnits.forEach((units, i) => {
    model.add(
      tfl.layers.dense({
        units,
        activation: 'relu',
        kernelInitializer: kernelInitializer(),
        ...(i === 0 ? { inputShape: [...inputShape] } : {}),
      }),
    );
  });
  model.add(
    tfl.layers.dense({
      units: classes,
      activation: 'softmax',
      kernelInitializer: kernelInitializer(),
      ...(hiddenUnits.length === 0 ? { inputShape: [...inputShape] } : {}),
    }),
  );
  if (compile) {
    model.compile({
      // By name, as Keras does, so that the model owns its optimizer and model.dispose() frees it.
      optimizer: 'adam',
      loss: 'sparseCategoricalCrossentropy',
      metrics: ['accuracy'],
    });
  }
  return model;
}
