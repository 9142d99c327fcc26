import type * as tfl from '@tensorflow/tfjs-layers';
import type { KerasH5Layout, LayoutWeight } from '../h5/keras-h5-layout.js';
import { type LayerAssignment, leafLayers, sameVariable } from './assign-weights.js';
import { KerasWeightsMismatchError } from './errors.js';

function layerPart(key: string): string {
  return key.slice(0, Math.max(0, key.lastIndexOf('/')));
}

/**
 * Pairs the layers of `model` with the weights of a Keras 2 or Keras 3 HDF5 file that stores
 * them by name (`model.save("x.h5")`, `model.save_weights("x.h5")`): each layer takes the weights
 * stored under its name, in their stored order, whatever Keras called them (`kernel` and
 * `depthwise_kernel` are the same weight).
 *
 * @internal
 * @throws KerasWeightsMismatchError when a layer's weights are missing or misnamed, or the file holds weights the model lacks
 */
export function namedH5Assignments(model: tfl.LayersModel, layout: KerasH5Layout, source: string): LayerAssignment[] {
  const byLayer = new Map<string, LayoutWeight[]>();
  for (const weight of layout.layers.flatMap((layer) => layer.weights)) {
    const part = layerPart(weight.key);
    byLayer.set(part, [...(byLayer.get(part) ?? []), weight]);
  }
  const used = new Set<string>();
  const out: LayerAssignment[] = [];
  for (const layer of leafLayers(model)) {
    const part = byLayer.has(layer.name) ? layer.name : [...byLayer.keys()].find((key) => key.endsWith(`/${layer.name}`));
    const weights = part === undefined ? undefined : byLayer.get(part);
    if (part === undefined || weights === undefined)
      throw new KerasWeightsMismatchError(source, layer.name, 'the file has no weights under its name');
    used.add(part);
    layer.weights.forEach((variable, index) => {
      const stored = weights[index];
      if (stored !== undefined && !sameVariable(stored.key, variable.originalName)) {
        throw new KerasWeightsMismatchError(source, layer.name, `its weight ${variable.originalName} is stored as ${stored.storedName}`);
      }
    });
    out.push({ layer, datasets: weights.map((weight) => weight.dataset) });
  }
  const unused = [...byLayer.keys()].filter((part) => !used.has(part));
  if (unused.length > 0) {
    throw new KerasWeightsMismatchError(source, unused[0] ?? '', 'the file holds weights for this layer, which the model lacks');
  }
  return out;
}
