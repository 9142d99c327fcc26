import * as tfl from '@tensorflow/tfjs-layers';
import type { Hdf5Dataset, Hdf5Group } from '../h5/hdf5-tree.js';
import { type LayerAssignment, leafLayers } from './assign-weights.js';
import { KerasWeightsMismatchError } from './errors.js';

/** Keras's `naming.to_snake_case`, which names a layer's group in a `.weights.h5` file. @internal */
export function snakeCase(name: string): string {
  return name
    .replace(/\W+/g, '')
    .replace(/(.)([A-Z][a-z]+)/g, '$1_$2')
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase();
}

/** The Keras class a TensorFlow.js layer stands for. */
function kerasClassOf(layer: tfl.layers.Layer): string {
  const className = layer.getClassName();
  if (className === 'Model') return 'Functional';
  if (className === 'KerasReLU') return 'ReLU';
  return className;
}

/** Whether a Keras 3 weights file layout (`layers/…/vars/0`) is at the root, rather than Keras 2's `layer_names`. @internal */
export function isKeras3WeightsLayout(root: Hdf5Group): boolean {
  const attributes = root.attributes;
  return (
    root.keys.includes('vars') && !('layer_names' in attributes) && !('layer_names0' in attributes) && !root.keys.includes('model_weights')
  );
}

function child(group: Hdf5Group | undefined, path: string): Hdf5Group | undefined {
  const found = group?.find(path);
  return found?.kind === 'group' ? found : undefined;
}

function variables(vars: Hdf5Group): Hdf5Dataset[] {
  return vars.keys
    .filter((key) => /^\d+$/.test(key))
    .sort((a, b) => Number(a) - Number(b))
    .map((key) => vars.find(key))
    .filter((found): found is Hdf5Dataset => found?.kind === 'dataset');
}

function holdsVariables(group: Hdf5Group): boolean {
  return group.keys.some((key) => {
    const found = group.find(key);
    return found?.kind === 'dataset' || (found !== undefined && holdsVariables(found));
  });
}

function storedName(layersGroup: Hdf5Group, key: string): string | undefined {
  const name = child(layersGroup, `${key}/vars`)?.attributes['name'];
  return typeof name === 'string' ? name.replace(/\0+$/, '') : undefined;
}

/**
 * Where each of a container's layers keeps its variables in the file. Keras 3 names the groups by
 * class (`conv2d`, `conv2d_1`, …, counted per container in layer order) and, since 3.x, records the
 * layer's own name on its `vars` group; names are used when every layer with weights finds its
 * own, else the class-and-order names.
 */
function groupKeys(model: tfl.LayersModel, layersGroup: Hdf5Group | undefined): Map<tfl.layers.Layer, string> {
  const byName = new Map<string, string>();
  for (const key of layersGroup?.keys ?? []) {
    const name = layersGroup === undefined ? undefined : storedName(layersGroup, key);
    if (name !== undefined) byName.set(name, key);
  }
  const counts = new Map<string, number>();
  const structural = new Map<tfl.layers.Layer, string>();
  for (const layer of model.layers) {
    const snake = snakeCase(kerasClassOf(layer));
    const seen = counts.get(snake) ?? 0;
    counts.set(snake, seen + 1);
    structural.set(layer, seen === 0 ? snake : `${snake}_${seen}`);
  }
  const weighted = model.layers.filter((layer) => layer.weights.length > 0);
  const allNamed = weighted.length > 0 && weighted.every((layer) => byName.has(layer.name));
  if (!allNamed) return structural;
  return new Map(model.layers.map((layer) => [layer, byName.get(layer.name) ?? structural.get(layer) ?? layer.name]));
}

function containerAssignments(model: tfl.LayersModel, group: Hdf5Group, path: string, source: string, out: LayerAssignment[]): void {
  const layersGroup = child(group, 'layers');
  const keys = groupKeys(model, layersGroup);
  const used = new Set<string>();
  for (const layer of model.layers) {
    const key = keys.get(layer) ?? layer.name;
    const where = `${path}layers/${key}`;
    if (layer instanceof tfl.LayersModel) {
      const nested = child(layersGroup, key);
      if (nested === undefined) {
        if (leafLayers(layer).length > 0)
          throw new KerasWeightsMismatchError(source, layer.name, `the file has no group ${where} for this nested model`);
        continue;
      }
      used.add(key);
      containerAssignments(layer, nested, `${where}/`, source, out);
      continue;
    }
    if (layer.weights.length === 0) continue;
    const vars = child(layersGroup, `${key}/vars`);
    if (vars === undefined) throw new KerasWeightsMismatchError(source, layer.name, `the file has no weights for it at ${where}/vars`);
    used.add(key);
    out.push({ layer, datasets: variables(vars) });
  }
  for (const key of layersGroup?.keys ?? []) {
    const unusedGroup = child(layersGroup, key);
    if (!used.has(key) && unusedGroup !== undefined && holdsVariables(unusedGroup)) {
      throw new KerasWeightsMismatchError(source, `${path}layers/${key}`, 'the file holds weights for this layer, which the model lacks');
    }
  }
}

/**
 * Pairs the layers of `model` with their variables in a Keras 3 weights file (`.weights.h5`, or
 * the `model.weights.h5` inside a `.keras`), stored by layer path and variable order.
 *
 * @internal
 * @throws KerasWeightsMismatchError when a layer's weights are missing or the file holds weights the model lacks
 */
export function keras3Assignments(model: tfl.LayersModel, root: Hdf5Group, source: string): LayerAssignment[] {
  const out: LayerAssignment[] = [];
  containerAssignments(model, root, '', source, out);
  return out;
}
