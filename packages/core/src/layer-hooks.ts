import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';

/**
 * The two tfjs-layers 4.x internals Grad-CAM leans on (not public API), in one place:
 * - `layer.call`: the method `Layer.apply` runs on concrete tensors, for the layers of a model
 *   and of any model nested in it. An own property set on the instance takes its place.
 * - `layer.activation`: the activation object Dense and Conv layers apply last (`getClassName()`
 *   names it; `'linear'` makes Dense skip it).
 * layer-hooks.test.ts fails when an upgrade changes either.
 *
 * @internal
 */
export type Layer = LayersModel['layers'][number];

type Call = (inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>) => tf.Tensor | tf.Tensor[];

interface Activation {
  getClassName(): string;
  apply(x: tf.Tensor): tf.Tensor;
}

const linear: Activation = { getClassName: () => 'linear', apply: (x) => x };

/**
 * Runs `work` while `layer` computes `replace(output, inputs)` instead of its output.
 *
 * @internal
 */
export function withLayerCall<T>(layer: Layer, replace: (original: () => tf.Tensor, inputs: tf.Tensor | tf.Tensor[]) => tf.Tensor, work: () => T): T {
  const hooked = layer as unknown as { call: Call };
  const own = Object.prototype.hasOwnProperty.call(layer, 'call');
  const previous = hooked.call;
  hooked.call = (inputs, kwargs) => replace(() => previous.call(layer, inputs, kwargs) as tf.Tensor, inputs);
  try {
    return work();
  } finally {
    if (own) hooked.call = previous;
    else delete (hooked as Partial<typeof hooked>).call;
  }
}

/**
 * The name of the activation `layer` applies last (`'softmax'`, `'relu'`, ...), or undefined.
 *
 * @internal
 */
export function layerActivation(layer: Layer): string | undefined {
  const activation = (layer as unknown as { activation?: Activation | null }).activation;
  return activation?.getClassName().toLowerCase();
}

/**
 * Runs `work` with `layer`'s activation taken out (its output is then the pre-activation scores).
 *
 * @internal
 */
export function withoutActivation<T>(layer: Layer, work: () => T): T {
  const holder = layer as unknown as { activation?: Activation | null };
  const previous = holder.activation;
  holder.activation = linear;
  try {
    return work();
  } finally {
    holder.activation = previous;
  }
}
