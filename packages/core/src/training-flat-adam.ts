import * as tf from '@tensorflow/tfjs-core';
import { asAdamInternals, type AdamInternals, type MomentSlot } from './tfjs-internals.js';
import type { ParameterStore } from './training-parameters.js';

function slotFits(slot: MomentSlot | undefined, variable: tf.Variable): boolean {
  return slot === undefined || (slot.variable instanceof tf.Variable && tf.util.arraysEqual(slot.variable.shape, variable.shape));
}

interface AdamConstants {
  readonly numbers: readonly number[];
  readonly beta1: tf.Scalar;
  readonly oneMinusBeta1: tf.Scalar;
  readonly beta2: tf.Scalar;
  readonly oneMinusBeta2: tf.Scalar;
  readonly epsilon: tf.Scalar;
  readonly minusLearningRate: tf.Scalar;
}

function adamConstants(adam: AdamInternals): AdamConstants {
  // The same numbers, converted to float32 the same way, as AdamOptimizer.applyGradients uses.
  return {
    numbers: [adam.learningRate, adam.beta1, adam.beta2, adam.epsilon],
    beta1: tf.scalar(adam.beta1),
    oneMinusBeta1: tf.scalar(1 - adam.beta1),
    beta2: tf.scalar(adam.beta2),
    oneMinusBeta2: tf.scalar(1 - adam.beta2),
    epsilon: tf.scalar(adam.epsilon),
    minusLearningRate: tf.scalar(-adam.learningRate),
  };
}

function flatten(tensors: readonly tf.Tensor[]): tf.Tensor1D {
  return tf.tidy(() => tf.concat(tensors.map((t) => (t.rank === 1 ? t : tf.reshape(t, [-1])))) as tf.Tensor1D);
}

/**
 * Adam on one flat vector holding every trainable weight. Adam's update is element-wise, so running
 * it once on the concatenation gives bit-for-bit the values tfjs's AdamOptimizer computes weight by
 * weight, with about a third of the kernel launches, which dominate the cost of small models. The
 * optimizer's moments and bias-correction powers are read in at the start and written back by
 * {@link FlatAdamStore.finish}, so its state continues across calls exactly as with `model.fit`.
 *
 * @internal
 */
export class FlatAdamStore implements ParameterStore {
  private readonly sizes: number[];
  private theta: tf.Tensor1D;
  private firstMoment: tf.Tensor1D;
  private secondMoment: tf.Tensor1D;
  // beta1^t and beta2^t as the float32 values AdamOptimizer keeps in its accBeta variables. Kept
  // here as numbers: float32 arithmetic on two float32 values is exactly Math.fround of the double
  // result for these operations, so computing `1 - acc` and `acc · beta` on the CPU gives the
  // same bits as the device would, without launching four kernels per step.
  private accBeta1: number;
  private accBeta2: number;
  private constants: AdamConstants;
  private current: tf.Tensor[] | undefined;
  private synced = true;
  /** The data each variable held after the last sync, to notice when a callback replaces it. */
  private syncedData: readonly object[];

  /**
   * A flat Adam store for `optimizer`, or `undefined` when the optimizer is not a tfjs Adam whose
   * internals this version knows, or its state does not fit `variables`.
   */
  static create(optimizer: tf.Optimizer, variables: readonly tf.Variable[]): FlatAdamStore | undefined {
    const adam = asAdamInternals(optimizer);
    if (adam === undefined || variables.length === 0 || variables.some((v) => v.dtype !== 'float32')) return undefined;
    const fits = variables.every(
      (variable, i) => slotFits(adam.accumulatedFirstMoment[i], variable) && slotFits(adam.accumulatedSecondMoment[i], variable),
    );
    return fits ? new FlatAdamStore(adam, variables) : undefined;
  }

  private constructor(
    private readonly adam: AdamInternals,
    private readonly variables: readonly tf.Variable[],
  ) {
    this.sizes = variables.map((v) => v.size);
    const moments = (slots: Array<MomentSlot | undefined>): tf.Tensor1D =>
      flatten(variables.map((v, i) => slots[i]?.variable ?? tf.zerosLike(v)));
    this.theta = flatten(variables);
    this.syncedData = variables.map((v) => v.dataId);
    this.firstMoment = tf.tidy(() => moments(adam.accumulatedFirstMoment));
    this.secondMoment = tf.tidy(() => moments(adam.accumulatedSecondMoment));
    this.accBeta1 = adam.accBeta1.dataSync()[0] ?? adam.beta1;
    this.accBeta2 = adam.accBeta2.dataSync()[0] ?? adam.beta2;
    this.constants = adamConstants(adam);
  }

  adopt(): void {
    if (this.variables.some((variable, i) => variable.dataId !== this.syncedData[i])) {
      this.theta.dispose();
      if (this.current !== undefined) tf.dispose(this.current);
      this.current = undefined;
      this.theta = flatten(this.variables);
      this.syncedData = this.variables.map((v) => v.dataId);
      this.synced = true;
    }
    const { learningRate, beta1, beta2, epsilon } = this.adam;
    const [lr, b1, b2, eps] = this.constants.numbers;
    if (lr === learningRate && b1 === beta1 && b2 === beta2 && eps === epsilon) return;
    disposeConstants(this.constants);
    this.constants = adamConstants(this.adam);
  }

  values(): readonly tf.Tensor[] {
    if (this.current === undefined) {
      this.current = tf.tidy(() =>
        tf.split(this.theta, this.sizes).map((part, i) => {
          const shape = (this.variables[i] as tf.Variable).shape;
          return shape.length === 1 ? part : tf.reshape(part, shape);
        }),
      );
    }
    return this.current;
  }

  update(gradients: readonly tf.Tensor[]): void {
    const c = this.constants;
    const next = tf.tidy(() => {
      const gradient = flatten(gradients);
      const first = tf.add(tf.mul(this.firstMoment, c.beta1), tf.mul(gradient, c.oneMinusBeta1));
      const second = tf.add(tf.mul(this.secondMoment, c.beta2), tf.mul(tf.square(gradient), c.oneMinusBeta2));
      const firstCorrected = tf.div(first, tf.scalar(Math.fround(1 - this.accBeta1)));
      const secondCorrected = tf.div(second, tf.scalar(Math.fround(1 - this.accBeta2)));
      const step = tf.mul(tf.div(firstCorrected, tf.add(tf.sqrt(secondCorrected), c.epsilon)), c.minusLearningRate);
      return [tf.add(step, this.theta), first, second] as const;
    });
    tf.dispose([this.theta, this.firstMoment, this.secondMoment]);
    if (this.current !== undefined) tf.dispose(this.current);
    this.current = undefined;
    [this.theta, this.firstMoment, this.secondMoment] = next as unknown as [tf.Tensor1D, tf.Tensor1D, tf.Tensor1D];
    this.accBeta1 = Math.fround(this.accBeta1 * Math.fround(this.adam.beta1));
    this.accBeta2 = Math.fround(this.accBeta2 * Math.fround(this.adam.beta2));
    this.adam.incrementIterations();
    this.synced = false;
  }

  sync(): void {
    if (this.synced) return;
    const values = this.values();
    this.variables.forEach((variable, i) => variable.assign(values[i] as tf.Tensor));
    this.syncedData = this.variables.map((v) => v.dataId);
    this.synced = true;
  }

  finish(): void {
    this.sync();
    const writeBack = (flat: tf.Tensor1D, slots: Array<MomentSlot | undefined>, suffix: string): void => {
      const parts = tf.split(flat, this.sizes);
      this.variables.forEach((variable, i) => {
        const value = tf.reshape(parts[i] as tf.Tensor, variable.shape);
        const slot = slots[i];
        if (slot === undefined) {
          slots[i] = { originalName: `${variable.name}/${suffix}`, variable: tf.variable(value, false) };
        } else {
          slot.variable.assign(value);
        }
      });
    };
    tf.tidy(() => {
      writeBack(this.firstMoment, this.adam.accumulatedFirstMoment, 'm');
      writeBack(this.secondMoment, this.adam.accumulatedSecondMoment, 'v');
      this.adam.accBeta1.assign(tf.scalar(this.accBeta1));
      this.adam.accBeta2.assign(tf.scalar(this.accBeta2));
    });
    tf.dispose([this.theta, this.firstMoment, this.secondMoment]);
    if (this.current !== undefined) tf.dispose(this.current);
    this.current = undefined;
    disposeConstants(this.constants);
  }
}

function disposeConstants(constants: AdamConstants): void {
  const { numbers: _numbers, ...tensors } = constants;
  tf.dispose(Object.values(tensors));
}
