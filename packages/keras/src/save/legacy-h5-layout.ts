import type { LayersModel, layers } from '@tensorflow/tfjs-layers';
import type { Hdf5Dataset, Hdf5Group } from './hdf5-writer.js';
import { layerVariables } from './layer-variables.js';
import { isModel, kerasModelLayers } from './model-kind.js';

type Layer = layers.Layer;

/** The Keras version whose files Dendrite writes, and checks against. @internal */
export const KERAS_VERSION = '3.15.1';

interface OwnedVariable {
  readonly path: string;
  readonly trainable: boolean;
  readonly value: Hdf5Dataset;
}

/**
 * The tree of a legacy full-model `.h5` file, as Keras's `model.save('x.h5')` writes it: the config
 * in the `model_config` attribute, and under `model_weights` one group per top-level layer whose
 * `weight_names` attribute lists its weights in the order Keras assigns them (trainable ones
 * first, as Keras's legacy loader reads them by position).
 *
 * @internal
 * @param model - a Sequential or functional model
 * @param modelConfig - the legacy config ({@link legacyModelConfig})
 * @returns the file's root group
 */
export async function legacyH5Layout(model: LayersModel, modelConfig: Record<string, unknown>): Promise<Hdf5Group> {
  const top = kerasModelLayers(model);
  const groups: Record<string, Hdf5Group> = {};
  for (const layer of top) {
    const owned = await ownedVariables(layer, true);
    const ordered = [...owned.filter((v) => v.trainable), ...owned.filter((v) => !v.trainable)];
    groups[layer.name] = { attributes: { weight_names: ordered.map((v) => v.path) }, groups: nest(ordered) };
  }
  groups['top_level_model_weights'] = { attributes: { weight_names: [] } };
  return {
    attributes: { backend: 'tensorflow', keras_version: KERAS_VERSION, model_config: JSON.stringify(modelConfig) },
    groups: {
      model_weights: {
        attributes: { backend: 'tensorflow', keras_version: KERAS_VERSION, layer_names: top.map((layer) => layer.name) },
        groups,
      },
    },
  };
}

/** A layer's variables (a model's: all its layers'), each under `<owning layer>/<name>`. */
async function ownedVariables(layer: Layer, parentTrainable: boolean): Promise<OwnedVariable[]> {
  const trainable = parentTrainable && layer.trainable;
  if (isModel(layer)) {
    const out: OwnedVariable[] = [];
    for (const child of kerasModelLayers(layer)) out.push(...(await ownedVariables(child, trainable)));
    return out;
  }
  return (await layerVariables(layer)).map((variable) => ({
    path: `${layer.name}/${variable.name}`,
    trainable: trainable && variable.trainableKind,
    value: variable.value,
  }));
}

/** `[conv/kernel, conv/bias]` to groups `{conv: {datasets: {kernel, bias}}}`. */
function nest(variables: readonly OwnedVariable[]): Record<string, Hdf5Group> {
  const byLayer = new Map<string, Record<string, Hdf5Dataset>>();
  for (const variable of variables) {
    const [layerName, name] = variable.path.split('/') as [string, string];
    const datasets = byLayer.get(layerName) ?? {};
    datasets[name] = variable.value;
    byLayer.set(layerName, datasets);
  }
  return Object.fromEntries([...byLayer].map(([layerName, datasets]) => [layerName, { datasets }]));
}
