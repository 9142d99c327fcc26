import * as tf from '@tensorflow/tfjs-core';
import { type LayersModel, type LayerVariable, Sequential } from '@tensorflow/tfjs-layers';
import type { ParameterStore } from './training-parameters.js';
import type { TrainingStep } from './training-step.js';

type HiddenActivation = 'relu' | 'linear' | 'sigmoid' | 'tanh';
const HIDDEN_ACTIVATIONS: readonly string[] = ['relu', 'linear', 'sigmoid', 'tanh'];

/** A loss whose gradient with respect to the last layer's pre-activation is `scale · (p − t)`. */
interface OutputHead {
  readonly loss: 'sparseCategoricalCrossentropy' | 'categoricalCrossentropy' | 'binaryCrossentropy' | 'meanSquaredError';
  readonly activation: 'softmax' | 'sigmoid' | 'linear';
}

const HEADS: readonly OutputHead[] = [
  { loss: 'sparseCategoricalCrossentropy', activation: 'softmax' },
  { loss: 'categoricalCrossentropy', activation: 'softmax' },
  { loss: 'binaryCrossentropy', activation: 'sigmoid' },
  { loss: 'meanSquaredError', activation: 'linear' },
];

interface DenseLayerPlan {
  readonly kernel: LayerVariable;
  readonly bias: LayerVariable | undefined;
  /** Position of the kernel (and bias) among the trainable weights, or -1 when frozen. */
  readonly kernelSlot: number;
  readonly biasSlot: number;
  readonly activation: string;
}

/**
 * How to train a model by hand: a Sequential stack of Dense layers ending in a head whose loss has a
 * closed-form gradient.
 *
 * @internal
 */
export interface DensePlan {
  readonly layers: readonly DenseLayerPlan[];
  readonly head: OutputHead;
}

interface DenseConfig {
  activation?: unknown;
  kernelRegularizer?: unknown;
  biasRegularizer?: unknown;
  activityRegularizer?: unknown;
  kernelConstraint?: unknown;
  biasConstraint?: unknown;
}

/**
 * The plan for `model` when it is a Sequential stack of plain Dense layers (no regularisers or
 * constraints; hidden activations relu, linear, sigmoid or tanh) compiled with a loss the fast step
 * supports, else `undefined`.
 *
 * @internal
 */
export function planDenseStack(
  model: LayersModel,
  lossName: string | undefined,
  trainable: readonly LayerVariable[],
): DensePlan | undefined {
  if (!(model instanceof Sequential) || lossName === undefined || trainable.length === 0) return undefined;
  if (model.inputs.length !== 1 || model.inputs[0]?.shape.length !== 2) return undefined;
  const layers = model.layers.filter((layer) => layer.getClassName() !== 'InputLayer');
  if (layers.length === 0 || layers.some((layer) => layer.getClassName() !== 'Dense')) return undefined;
  const plans: DenseLayerPlan[] = [];
  const slotsUsed = new Set<number>();
  for (const layer of layers) {
    const config = layer.getConfig() as DenseConfig;
    const extras = [
      config.kernelRegularizer,
      config.biasRegularizer,
      config.activityRegularizer,
      config.kernelConstraint,
      config.biasConstraint,
    ];
    if (extras.some((extra) => extra != null) || typeof config.activation !== 'string') return undefined;
    const [kernel, bias] = layer.weights;
    if (kernel === undefined || layer.weights.length > 2 || layer.weights.some((w) => w.dtype !== 'float32')) return undefined;
    const kernelSlot = trainable.indexOf(kernel);
    const biasSlot = bias === undefined ? -1 : trainable.indexOf(bias);
    for (const slot of [kernelSlot, biasSlot]) if (slot >= 0) slotsUsed.add(slot);
    plans.push({ kernel, bias, kernelSlot, biasSlot, activation: config.activation });
  }
  if (slotsUsed.size !== trainable.length) return undefined;
  if (plans.slice(0, -1).some((plan) => !HIDDEN_ACTIVATIONS.includes(plan.activation))) return undefined;
  const last = plans[plans.length - 1] as DenseLayerPlan;
  const head = HEADS.find((h) => h.loss === lossName && h.activation === last.activation);
  return head === undefined ? undefined : { layers: plans, head };
}

/**
 * The targets the fast step compares predictions with: one-hot rows for sparse labels, float32
 * rows otherwise; `undefined` when they do not suit the closed-form gradient (categorical targets
 * whose rows do not sum to 1).
 *
 * @internal
 */
export function denseTargets(plan: DensePlan, y: tf.Tensor, units: number): tf.Tensor | undefined {
  const rows = y.shape[0] ?? 0;
  if (plan.head.loss === 'sparseCategoricalCrossentropy') {
    return tf.tidy(() => tf.cast(tf.oneHot(tf.cast(tf.floor(tf.reshape(y, [-1])), 'int32'), units), 'float32'));
  }
  const target = tf.tidy(() => tf.reshape(tf.cast(y, 'float32'), [rows, units]));
  if (plan.head.loss === 'categoricalCrossentropy') {
    const off = tf.tidy(() => tf.max(tf.abs(tf.sub(tf.sum(target, -1), 1))).dataSync()[0] ?? Number.NaN);
    if (!(off <= 1e-6)) {
      target.dispose();
      return undefined;
    }
  }
  return target;
}

/**
 * One training step for a {@link DensePlan}, with the forward pass through fused matMul kernels and
 * the backward pass written out instead of taped: the tape's bookkeeping (a saved clone of every
 * intermediate, the graph walk, zero-filled gradients) costs more than the arithmetic for small
 * layers.
 *
 * The output gradient is Keras's: for a softmax (or sigmoid) output trained with crossentropy, Keras
 * computes the loss from the layer's logits, whose gradient is `(p − t) / batch`. tfjs-layers instead
 * differentiates through its clipping of `p` to [1e-7, 1 − 1e-7], which only differs for samples
 * already predicted to within 1e-7 of certain. Every other gradient is the one the tape would give.
 *
 * @internal
 */
export class DenseStackStep implements TrainingStep {
  private readonly scales = new Map<number, tf.Scalar>();
  private readonly onesRows = new Map<number, tf.Tensor2D>();
  private readonly one = tf.scalar(1);
  private readonly lowestTrainable: number;

  constructor(
    private readonly plan: DensePlan,
    private readonly store: ParameterStore,
  ) {
    this.lowestTrainable = plan.layers.findIndex((layer) => layer.kernelSlot >= 0 || layer.biasSlot >= 0);
  }

  run(batch: readonly tf.Tensor[]): { prediction: tf.Tensor } {
    const [x, target] = batch as [tf.Tensor2D, tf.Tensor2D];
    const values = this.store.values();
    const read = (variable: LayerVariable, slot: number): tf.Tensor => (slot >= 0 ? (values[slot] as tf.Tensor) : variable.read());
    const layers = this.plan.layers;
    let prediction: tf.Tensor | undefined;
    const gradients = tf.tidy(() => {
      const kernels = layers.map((layer) => read(layer.kernel, layer.kernelSlot) as tf.Tensor2D);
      const outputs: tf.Tensor2D[] = [x];
      let a: tf.Tensor2D = x;
      layers.forEach((layer, l) => {
        const bias = layer.bias === undefined ? undefined : read(layer.bias, layer.biasSlot);
        const fused = layer.activation === 'relu' ? 'relu' : 'linear';
        a = tf.fused.matMul({ a, b: kernels[l] as tf.Tensor2D, ...(bias === undefined ? {} : { bias }), activation: fused }) as tf.Tensor2D;
        if (layer.activation === 'softmax') a = tf.softmax(a) as tf.Tensor2D;
        else if (layer.activation === 'sigmoid') a = tf.sigmoid(a);
        else if (layer.activation === 'tanh') a = tf.tanh(a);
        outputs.push(a);
      });
      prediction = tf.keep(a);
      const grads: tf.Tensor[] = [];
      let delta: tf.Tensor2D = tf.mul(tf.sub(a, target), this.scale(a));
      for (let l = layers.length - 1; l >= this.lowestTrainable; l--) {
        const layer = layers[l] as DenseLayerPlan;
        const input = outputs[l] as tf.Tensor2D;
        if (layer.kernelSlot >= 0) grads[layer.kernelSlot] = tf.matMul(input, delta, true, false);
        if (layer.biasSlot >= 0) grads[layer.biasSlot] = this.sumOverBatch(delta);
        if (l > this.lowestTrainable) {
          const upstream: tf.Tensor2D = tf.matMul(delta, kernels[l] as tf.Tensor2D, false, true);
          delta = this.activationGradient((layers[l - 1] as DenseLayerPlan).activation as HiddenActivation, upstream, input);
        }
      }
      return grads;
    });
    this.store.update(gradients);
    tf.dispose(gradients);
    return { prediction: prediction as tf.Tensor };
  }

  sync(): void {
    this.store.sync();
  }

  adopt(): void {
    this.store.adopt();
  }

  finish(): void {
    this.store.finish();
    tf.dispose([...this.scales.values(), ...this.onesRows.values(), this.one]);
    this.scales.clear();
    this.onesRows.clear();
  }

  /** `1 / batch` for crossentropy, `2 / (batch · units)` for mean squared error, and so on. */
  private scale(prediction: tf.Tensor): tf.Scalar {
    const [rows = 1, units = 1] = prediction.shape;
    const key = rows * 65536 + units;
    let scale = this.scales.get(key);
    if (scale === undefined) {
      const loss = this.plan.head.loss;
      const value = loss === 'meanSquaredError' ? 2 / (rows * units) : loss === 'binaryCrossentropy' ? 1 / (rows * units) : 1 / rows;
      scale = tf.keep(tf.scalar(value));
      this.scales.set(key, scale);
    }
    return scale;
  }

  /**
   * The column sums of `delta` (the bias gradient), as a product with a row of ones: the same
   * float32 sums as `tf.sum(delta, 0)`, without the transpose that costs the cpu backend more than
   * the sum itself.
   */
  private sumOverBatch(delta: tf.Tensor2D): tf.Tensor {
    const [rows = 1, units = 1] = delta.shape;
    let ones = this.onesRows.get(rows);
    if (ones === undefined) {
      ones = tf.keep(tf.ones([1, rows]) as tf.Tensor2D);
      this.onesRows.set(rows, ones);
    }
    return tf.reshape(tf.matMul(ones, delta), [units]);
  }

  private activationGradient(activation: HiddenActivation, upstream: tf.Tensor2D, output: tf.Tensor2D): tf.Tensor2D {
    switch (activation) {
      case 'relu':
        return tf.mul(upstream, tf.step(output));
      case 'sigmoid':
        return tf.mul(upstream, tf.mul(output, tf.sub(this.one, output)));
      case 'tanh':
        return tf.mul(upstream, tf.sub(this.one, tf.square(output)));
      case 'linear':
        return upstream;
    }
  }
}
