import type { LayersModel, Sequential, layers } from '@tensorflow/tfjs-layers';

type Layer = layers.Layer;

/**
 * Whether a layer is a Sequential model, a functional model, or a plain layer. Decided by class
 * name, so that a model made by another copy of tfjs-layers is recognised too.
 *
 * @internal
 * @param layer - any layer, a model included
 * @returns `'sequential'`, `'functional'` or `'layer'`
 */
export function modelKind(layer: Layer): 'sequential' | 'functional' | 'layer' {
  const className = layer.getClassName();
  if (className === 'Sequential') return 'sequential';
  if (className === 'Model' || className === 'Functional') return 'functional';
  return 'layer';
}

/** Narrows a layer to a Sequential model. @internal */
export function isSequential(layer: Layer): layer is Sequential {
  return modelKind(layer) === 'sequential';
}

/** Narrows a layer to a model (Sequential or functional). @internal */
export function isModel(layer: Layer): layer is LayersModel {
  return modelKind(layer) !== 'layer';
}

/**
 * The layers Keras lists for a model, in order: a functional model's every layer (its input layers
 * included), a Sequential model's layers after its input.
 *
 * @internal
 * @param model - a Sequential or functional model
 * @returns the layers in the order Keras saves them
 */
export function kerasModelLayers(model: LayersModel): Layer[] {
  if (isSequential(model)) return model.layers.filter((layer) => layer.getClassName() !== 'InputLayer');
  return model.layers;
}
