import { InvalidArgumentError } from '@dendrite/core';
import { KerasH5FormatError } from './errors.js';
import { type Hdf5Dataset, type Hdf5Group, openHdf5 } from './hdf5-tree.js';
import { isNestedModel, variableName, weightKey } from './weight-key.js';

/** One weight of a layer group, with the dataset that holds it. @internal */
export interface LayoutWeight {
  readonly key: string;
  readonly storedName: string;
  readonly dataset: Hdf5Dataset;
}

/** One top-level layer group. @internal */
export interface LayoutLayer {
  readonly name: string;
  readonly className: string | undefined;
  readonly nested: boolean;
  readonly weights: readonly LayoutWeight[];
}

/** Where a Keras HDF5 file keeps its weights, with the model's identity when it has a config. @internal */
export interface KerasH5Layout {
  readonly kind: 'weights' | 'model';
  readonly modelName: string | undefined;
  readonly kerasVersion: string | undefined;
  readonly backend: string | undefined;
  readonly layers: readonly LayoutLayer[];
}

function stripNul(text: string): string {
  return text.replace(/\0+$/, '');
}

function optionalText(value: unknown): string | undefined {
  return typeof value === 'string' ? stripNul(value) : undefined;
}

/**
 * Reads a list-of-strings attribute as Keras writes it: whole, or split into `name0`, `name1`, ...
 * when it would pass HDF5's 64 KB object-header limit. Undefined when there is neither.
 */
function stringList(group: Hdf5Group, name: string, source: string): string[] | undefined {
  const attributes = group.attributes;
  const parts: unknown[] = [];
  if (name in attributes) parts.push(attributes[name]);
  else for (let index = 0; `${name}${index}` in attributes; index += 1) parts.push(attributes[`${name}${index}`]);
  if (parts.length === 0) return undefined;
  const items = parts.flatMap((part) => (Array.isArray(part) ? (part as unknown[]) : [part]));
  return items.map((item) => {
    if (typeof item !== 'string') {
      throw new KerasH5FormatError(source, `attribute ${name} of ${group.path} holds ${typeof item} values, not names`);
    }
    return stripNul(item);
  });
}

interface ModelConfig {
  readonly modelName: string | undefined;
  readonly classNames: ReadonlyMap<string, string>;
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** Layer classes by name from the `model_config` JSON of a `model.save()` file; a broken config only costs the names. */
function readModelConfig(root: Hdf5Group): ModelConfig {
  const text = optionalText(root.attributes['model_config']);
  const classNames = new Map<string, string>();
  if (text === undefined) return { modelName: undefined, classNames };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { modelName: undefined, classNames };
  }
  const config = asRecord(asRecord(parsed)?.['config']);
  const layers = config?.['layers'];
  if (Array.isArray(layers)) {
    for (const layer of layers) {
      const record = asRecord(layer);
      const className = record?.['class_name'];
      const name = asRecord(record?.['config'])?.['name'] ?? record?.['name'];
      if (typeof className === 'string' && typeof name === 'string') classNames.set(name, className);
    }
  }
  return { modelName: optionalText(config?.['name']), classNames };
}

function findWeightsGroup(root: Hdf5Group, source: string): { kind: 'weights' | 'model'; group: Hdf5Group } {
  const attributes = root.attributes;
  if ('layer_names' in attributes || 'layer_names0' in attributes) return { kind: 'weights', group: root };
  const modelWeights = root.find('model_weights');
  if (modelWeights?.kind === 'group') return { kind: 'model', group: modelWeights };
  if (root.keys.includes('layers') && root.keys.includes('vars')) {
    throw new KerasH5FormatError(
      source,
      'it is a Keras 3 `.weights.h5` file, which stores weights by position, not by name',
      'Save the model with `model.save("x.h5")` (the HDF5 format that names every weight), or convert it to a ' +
        'TensorFlow.js layers model and pass its model.json.',
    );
  }
  const members = root.keys.length === 0 ? 'nothing' : root.keys.slice(0, 5).join(', ');
  throw new KerasH5FormatError(
    source,
    'it is HDF5 but not a Keras weights file: it has no `layer_names` attribute and no `model_weights` group ' +
      `(its root holds ${members})`,
  );
}

function readLayer(group: Hdf5Group, name: string, className: string | undefined, source: string): LayoutLayer {
  const layerGroup = group.find(name);
  if (layerGroup?.kind !== 'group') {
    throw new KerasH5FormatError(source, `\`layer_names\` lists layer '${name}' but ${group.path} has no group of that name`);
  }
  const storedNames = stringList(layerGroup, 'weight_names', source);
  if (storedNames === undefined) {
    throw new KerasH5FormatError(source, `layer group ${layerGroup.path} has no \`weight_names\` attribute`);
  }
  const names = storedNames.map(variableName);
  const nested = isNestedModel(name, names, className);
  const weights = storedNames.map((storedName, index): LayoutWeight => {
    const dataset = layerGroup.find(storedName);
    if (dataset?.kind !== 'dataset') {
      throw new KerasH5FormatError(
        source,
        `layer '${name}' lists weight '${storedName}' but ${layerGroup.path} has no dataset of that name`,
      );
    }
    return { key: weightKey(name, names[index] ?? storedName, nested), storedName, dataset };
  });
  return { name, className, nested, weights };
}

/**
 * Finds the weights in the bytes of a Keras HDF5 file, without reading their values yet.
 *
 * @internal
 * @param bytes - the whole file
 * @param source - names the file in errors
 * @returns the layer groups, in the model's layer order, with their weights
 * @throws InvalidArgumentError when `bytes` is not a Uint8Array
 * @throws KerasH5FormatError when the bytes are not HDF5 or lack the layout Keras writes
 */
export function readKerasH5Layout(bytes: Uint8Array, source: string): KerasH5Layout {
  if (!(bytes instanceof Uint8Array)) {
    const given = bytes === null ? 'null' : typeof bytes === 'object' ? (bytes as object).constructor.name : typeof bytes;
    throw new InvalidArgumentError(
      'bytes',
      `must be a Uint8Array holding the whole file, got ${given}`,
      'Read the file first, e.g. with `await getPlatform().readBytes(path)`, and pass its bytes.',
    );
  }
  const root = openHdf5(bytes, source);
  const { kind, group } = findWeightsGroup(root, source);
  const layerNames = stringList(group, 'layer_names', source);
  if (layerNames === undefined) {
    throw new KerasH5FormatError(source, `its weights group ${group.path} has no \`layer_names\` attribute`);
  }
  const config = readModelConfig(root);
  return {
    kind,
    modelName: config.modelName,
    kerasVersion: optionalText(group.attributes['keras_version'] ?? root.attributes['keras_version']),
    backend: optionalText(group.attributes['backend'] ?? root.attributes['backend']),
    layers: layerNames.map((name) => readLayer(group, name, config.classNames.get(name), source)),
  };
}
