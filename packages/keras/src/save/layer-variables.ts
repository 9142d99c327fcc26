import type { LayerVariable, layers } from '@tensorflow/tfjs-layers';
import { KerasSaveUnsupportedError } from './errors.js';
import type { Hdf5Dataset } from './hdf5-writer.js';

type Layer = layers.Layer;

/** A layer's variable under Keras's name for it, with its values. @internal */
export interface NamedVariable {
  /** Keras's name of the variable, such as `'kernel'` or `'moving_mean'`. */
  readonly name: string;
  /** Whether Keras creates it trainable (batch statistics are not). */
  readonly trainableKind: boolean;
  readonly value: Hdf5Dataset;
}

// Keras 3 creates each layer's variables in this order and saves them by position. tfjs-layers names
// DepthwiseConv2D's kernel `depthwise_kernel`; Keras 3 calls it `kernel`.
const KERAS_VARIABLES: Record<string, readonly (readonly [tfjs: string, keras: string, trainable: boolean])[]> = {
  Dense: [
    ['kernel', 'kernel', true],
    ['bias', 'bias', true],
  ],
  Conv2D: [
    ['kernel', 'kernel', true],
    ['bias', 'bias', true],
  ],
  DepthwiseConv2D: [
    ['depthwise_kernel', 'kernel', true],
    ['bias', 'bias', true],
  ],
  BatchNormalization: [
    ['gamma', 'gamma', true],
    ['beta', 'beta', true],
    ['moving_mean', 'moving_mean', false],
    ['moving_variance', 'moving_variance', false],
  ],
};

/**
 * A leaf layer's variables in the order Keras 3 creates them, with their current values.
 *
 * @internal
 * @param layer - a built leaf layer
 * @returns its variables, `[]` for a layer without weights
 * @throws {@link KerasSaveUnsupportedError} when a variable has no place in Keras's layer
 */
export async function layerVariables(layer: Layer): Promise<NamedVariable[]> {
  const weights = layer.weights;
  if (weights.length === 0) return [];
  const table = KERAS_VARIABLES[layer.getClassName()] ?? [];
  const byName = new Map<string, LayerVariable>(weights.map((weight) => [shortName(weight), weight]));
  const unknown = [...byName.keys()].filter((name) => !table.some(([tfjs]) => tfjs === name));
  if (unknown.length > 0) {
    throw new KerasSaveUnsupportedError(layer.name, layer.getClassName(), `its weights ${unknown.join(', ')} have no place in the Keras layer`, 'Report the model; Dendrite writes Dense, Conv2D, DepthwiseConv2D and BatchNormalization weights.');
  }
  const out: NamedVariable[] = [];
  for (const [tfjs, keras, trainableKind] of table) {
    const weight = byName.get(tfjs);
    if (weight === undefined) continue;
    const data = (await weight.read().data()) as Float32Array;
    out.push({ name: keras, trainableKind, value: { data: Float32Array.from(data), shape: weight.shape.map((size) => size ?? 0) } });
  }
  return out;
}

/** `dense_1/kernel` to `kernel`: the part after the layer's scope. */
function shortName(weight: LayerVariable): string {
  const name = weight.originalName;
  return name.slice(name.lastIndexOf('/') + 1);
}
