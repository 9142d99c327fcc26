import type { Tensor, Tensor1D, Tensor2D, Tensor4D } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import { tfjsPadding } from './conv-padding.js';
import type { ActivationStep, ConvStep, DenseStep, InferencePlan, InferenceStep } from './inference-steps.js';

/** A plan with its weights on the active backend, ready to run. @internal */
export interface CompiledPlan {
  /** Runs the plan on a batch; creates no tensor besides the returned one. */
  run(input: Tensor4D): Tensor;
  /** The weight tensors the plan owns. */
  readonly weights: readonly Tensor[];
}

type Operation = (inputs: readonly Tensor[]) => Tensor;

/**
 * Creates the plan's weight tensors and one function per step. Running frees each intermediate
 * value as soon as its last reader has run, so a batch never holds every activation at once.
 *
 * @internal
 * @param plan - the rewritten model
 * @returns the runnable plan; dispose its `weights` when done
 */
export function compilePlan(plan: InferencePlan): CompiledPlan {
  const weights: Tensor[] = [];
  const own = <T extends Tensor>(tensor: T): T => {
    weights.push(tensor);
    return tensor;
  };
  let operations: Operation[];
  try {
    operations = plan.steps.map((step) => operationOf(step, own));
  } catch (error) {
    tf.dispose(weights);
    throw error;
  }

  const slots = new Map<number, number>([[plan.input, 0]]);
  const slotOf = (id: number): number => {
    let slot = slots.get(id);
    if (slot === undefined) {
      slot = slots.size;
      slots.set(id, slot);
    }
    return slot;
  };
  const inputSlots = plan.steps.map((step) => step.inputs.map(slotOf));
  const outputSlots = plan.steps.map((step) => slotOf(step.output));
  const outputSlot = slotOf(plan.output);
  // After step i, the values whose last reader it is can go (never the caller's input or the result).
  const lastReader = new Map<number, number>();
  inputSlots.forEach((reads, index) => {
    reads.forEach((slot) => {
      lastReader.set(slot, index);
    });
  });
  const freeAfter = plan.steps.map((_, index) =>
    [...new Set(inputSlots[index])].filter((slot) => lastReader.get(slot) === index && slot !== 0 && slot !== outputSlot),
  );

  return {
    weights,
    run: (input) =>
      tf.tidy(() => {
        const values: (Tensor | undefined)[] = new Array(slots.size);
        values[0] = input.dtype === 'float32' ? input : tf.cast(input, 'float32');
        operations.forEach((operation, index) => {
          const reads = inputSlots[index]!.map((slot) => values[slot]!);
          values[outputSlots[index]!] = operation(reads);
          for (const slot of freeAfter[index]!) {
            values[slot]!.dispose();
            values[slot] = undefined;
          }
        });
        return values[outputSlot]!;
      }),
  };
}

function operationOf(step: InferenceStep, own: <T extends Tensor>(tensor: T) => T): Operation {
  switch (step.kind) {
    case 'conv':
      return convolution(step, own);
    case 'dense':
      return dense(step, own);
    case 'pad': {
      const [top, bottom, left, right] = step.pads;
      return ([x]) =>
        tf.pad(x!, [
          [0, 0],
          [top, bottom],
          [left, right],
          [0, 0],
        ]);
    }
    case 'affine': {
      // One batch-norm pass computing x * scale + shift: mean 0, variance 1, epsilon 0.
      const scale = own(tf.tensor1d(step.scale));
      const shift = own(tf.tensor1d(step.shift));
      const zeros = own(tf.zeros([step.scale.length]) as Tensor1D);
      const ones = own(tf.ones([step.scale.length]) as Tensor1D);
      return ([x]) => tf.batchNorm(x!, zeros, ones, shift, scale, 0);
    }
    case 'activation':
      return activation(step);
    case 'add':
      return (inputs) => (inputs.length === 2 ? tf.add(inputs[0]!, inputs[1]!) : tf.addN([...inputs]));
    case 'pool':
      return step.mode === 'avg' ? ([x]) => tf.mean(x!, [1, 2]) : ([x]) => tf.max(x!, [1, 2]);
  }
}

function convolution(step: ConvStep, own: <T extends Tensor>(tensor: T) => T): Operation {
  const filter = own(tf.tensor4d(step.kernel, step.kernelShape));
  const bias = step.bias === undefined ? undefined : own(tf.tensor1d(step.bias));
  const { strides, dilations } = step.geometry;
  const pad = tfjsPadding(step.pads, step.rows, step.cols, step.geometry);
  const activation = step.activation;
  if (!step.depthwise) {
    return ([x]) => tf.fused.conv2d({ x: x as Tensor4D, filter, strides: [...strides], pad, dilations: [...dilations], bias, activation });
  }
  if (typeof pad !== 'object') {
    return ([x]) =>
      tf.fused.depthwiseConv2d({ x: x as Tensor4D, filter, strides: [...strides], pad, dilations: [...dilations], bias, activation });
  }
  // TensorFlow.js's fused depthwise convolution takes no explicit padding: pad first.
  const [, rowPads, colPads] = pad;
  return ([x]) =>
    tf.fused.depthwiseConv2d({
      x: tf.pad(x as Tensor4D, [[0, 0], rowPads, colPads, [0, 0]]),
      filter,
      strides: [...strides],
      pad: 'valid',
      dilations: [...dilations],
      bias,
      activation,
    });
}

function dense(step: DenseStep, own: <T extends Tensor>(tensor: T) => T): Operation {
  const kernel: Tensor2D = own(tf.tensor2d(step.kernel, step.kernelShape));
  const bias: Tensor1D | undefined = step.bias === undefined ? undefined : own(tf.tensor1d(step.bias));
  const [inFeatures, units] = step.kernelShape;
  const activation = step.activation;
  return ([x]) => {
    if (x!.rank === 2) return tf.fused.matMul({ a: x as Tensor2D, b: kernel, bias, activation });
    const flat = tf.reshape(x!, [-1, inFeatures]) as Tensor2D;
    return tf.reshape(tf.fused.matMul({ a: flat, b: kernel, bias, activation }), [...x!.shape.slice(0, -1), units]);
  };
}

function activation(step: ActivationStep): Operation {
  switch (step.activation) {
    case 'relu':
      return ([x]) => tf.relu(x!);
    case 'relu6':
      return ([x]) => tf.relu6(x!);
    case 'clip': {
      const maxValue = step.maxValue;
      return ([x]) => tf.clipByValue(x!, 0, maxValue);
    }
    case 'sigmoid':
      return ([x]) => tf.sigmoid(x!);
    case 'softmax':
      return ([x]) => tf.softmax(x!);
    case 'tanh':
      return ([x]) => tf.tanh(x!);
    case 'elu':
      return ([x]) => tf.elu(x!);
    case 'selu':
      return ([x]) => tf.selu(x!);
    case 'softplus':
      return ([x]) => tf.softplus(x!);
    case 'softsign':
      return ([x]) => tf.div(x!, tf.add(tf.abs(x!), 1));
  }
}
