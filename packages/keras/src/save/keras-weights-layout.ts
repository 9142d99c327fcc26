import type { LayersModel, layers } from '@tensorflow/tfjs-layers';
import type { Hdf5Dataset, Hdf5Group } from './hdf5-writer.js';
import { layerVariables } from './layer-variables.js';
import { isModel, kerasModelLayers } from './model-kind.js';

type Layer = layers.Layer;

/**
 * The tree of `model.weights.h5` in a `.keras` archive, as Keras 3's saving library lays it out:
 * each model's layers under `layers/<key>`, where the key is the layer's class in snake case made
 * unique within its model (`dense`, `dense_1`, ...), never its name; each layer's variables in
 * `vars/0`, `vars/1`, ... in the order Keras creates them.
 *
 * @internal
 * @param model - a Sequential or functional model
 * @returns the file's root group
 */
export async function kerasWeightsLayout(model: LayersModel): Promise<Hdf5Group> {
  return savedState(model);
}

async function savedState(layer: Layer): Promise<Hdf5Group> {
  if (!isModel(layer)) {
    const datasets: Record<string, Hdf5Dataset> = {};
    (await layerVariables(layer)).forEach((variable, index) => {
      datasets[String(index)] = variable.value;
    });
    return { groups: { vars: { attributes: { name: layer.name }, datasets } } };
  }
  const used = new Map<string, number>();
  const children: Record<string, Hdf5Group> = {};
  for (const child of kerasModelLayers(layer)) {
    children[uniqueKey(snakeCase(kerasClassName(child)), used)] = await savedState(child);
  }
  return { groups: { layers: { groups: children }, vars: { attributes: { name: layer.name } } } };
}

/** Keras's class of a layer: tfjs calls a functional model `Model`, Keras 3 `Functional`. */
function kerasClassName(layer: Layer): string {
  const className = layer.getClassName();
  return className === 'Model' ? 'Functional' : className;
}

/**
 * Keras's `to_snake_case`: `BatchNormalization` to `batch_normalization`, `ReLU` to `re_lu`,
 * `Conv2D` to `conv2d`.
 *
 * @internal
 * @param name - a class name
 * @returns the name in snake case
 */
export function snakeCase(name: string): string {
  return name
    .replace(/\W+/g, '')
    .replace(/(.)([A-Z][a-z]+)/g, '$1_$2')
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase();
}

function uniqueKey(name: string, used: Map<string, number>): string {
  const count = used.get(name);
  if (count === undefined) {
    used.set(name, 0);
    return name;
  }
  used.set(name, count + 1);
  return `${name}_${count + 1}`;
}
