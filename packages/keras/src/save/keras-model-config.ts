import type { LayersModel, SymbolicTensor, layers } from '@tensorflow/tfjs-layers';
import { FLOAT32_POLICY, kerasLayerConfig } from './keras-layer-config.js';
import { isSequential, kerasModelLayers, modelKind } from './model-kind.js';

type Layer = layers.Layer;
type Json = Record<string, unknown>;
type Shape = (number | null)[];

// Layers whose config Keras 3 writes without a build_config (they have nothing to build).
const WITHOUT_BUILD_CONFIG = new Set(['ReLU', 'Activation', 'Softmax', 'Dropout', 'Reshape', 'GlobalAveragePooling2D', 'GlobalMaxPooling2D']);

/**
 * Keras 3's config of a model, as `config.json` of a `.keras` archive holds it: `module`,
 * `class_name`, `config`, `registered_name` and `build_config`, with functional models' layers
 * linked by `inbound_nodes` of `__keras_tensor__` arguments, and models nested as layers.
 *
 * @internal
 * @param model - a Sequential or functional tfjs-layers model
 * @returns the config, ready for `JSON.stringify`
 * @throws {@link KerasSaveUnsupportedError} for a layer Keras would read differently
 */
export function kerasModelConfig(model: LayersModel): Json {
  return modelEntry(model, true);
}

function modelEntry(model: LayersModel, parentTrainable: boolean): Json {
  const trainable = parentTrainable && model.trainable;
  if (isSequential(model)) {
    const inputShape = [...model.inputs[0]!.shape];
    return {
      module: 'keras',
      class_name: 'Sequential',
      config: sequentialConfig(model, inputShape, trainable),
      registered_name: null,
      build_config: { input_shape: inputShape },
    };
  }
  return {
    module: 'keras.src.models.functional',
    class_name: 'Functional',
    config: functionalConfig(model, trainable),
    registered_name: 'Functional',
    build_config: { input_shape: null },
  };
}

function sequentialConfig(model: LayersModel, inputShape: Shape, trainable: boolean): Json {
  const inputLayer = model.inputs[0]!.sourceLayer;
  const entries: Json[] = [inputLayerEntry(inputLayer.getClassName() === 'InputLayer' ? inputLayer.name : `${model.name}_input`, inputShape)];
  for (const layer of kerasModelLayers(model)) {
    const shapes = firstNodeInputShapes(layer, () => true);
    entries.push(layerEntry(layer, shapes, trainable));
  }
  return { name: model.name, trainable, dtype: FLOAT32_POLICY, layers: entries, build_input_shape: inputShape };
}

function functionalConfig(model: LayersModel, trainable: boolean): Json {
  const inModel = (layer: Layer, nodeIndex: number): boolean => model.containerNodes.has(`${layer.name}_ib-${nodeIndex}`);
  // Keras numbers a layer's calls within each model from 0, counting only the calls that model makes.
  const nodeNumber = (layer: Layer, nodeIndex: number): number => {
    let number = 0;
    for (let i = 0; i < nodeIndex; i++) if (inModel(layer, i)) number += 1;
    return number;
  };
  const tensorRef = (tensor: SymbolicTensor, layer: Layer, nodeIndex: number, tensorIndex: number): Json => ({
    class_name: '__keras_tensor__',
    config: { shape: [...tensor.shape], dtype: 'float32', keras_history: [layer.name, nodeNumber(layer, nodeIndex), tensorIndex] },
  });

  const entries: Json[] = [];
  for (const layer of kerasModelLayers(model)) {
    if (layer.getClassName() === 'InputLayer') {
      entries.push({ ...inputLayerEntry(layer.name, [...layer.inboundNodes[0]!.outputTensors[0]!.shape]), name: layer.name, inbound_nodes: [] });
      continue;
    }
    const inboundNodes: Json[] = [];
    layer.inboundNodes.forEach((node, index) => {
      if (!inModel(layer, index)) return;
      const args = node.inputTensors.map((tensor, k) => tensorRef(tensor, node.inboundLayers[k]!, node.nodeIndices[k]!, node.tensorIndices[k]!));
      inboundNodes.push({ args: args.length === 1 ? args : [args], kwargs: {} });
    });
    const shapes = firstNodeInputShapes(layer, (index) => inModel(layer, index));
    entries.push({ ...layerEntry(layer, shapes, trainable), name: layer.name, inbound_nodes: inboundNodes });
  }
  const ends = (tensors: readonly SymbolicTensor[]): unknown => {
    const refs = tensors.map((tensor) => [tensor.sourceLayer.name, nodeNumber(tensor.sourceLayer, tensor.nodeIndex), tensor.tensorIndex]);
    return refs.length === 1 ? refs[0] : refs;
  };
  return { name: model.name, trainable, layers: entries, input_layers: ends(model.inputs), output_layers: ends(model.outputs) };
}

function inputLayerEntry(name: string, batchShape: Shape): Json {
  return {
    module: 'keras.layers',
    class_name: 'InputLayer',
    config: { batch_shape: batchShape, dtype: 'float32', sparse: false, ragged: false, name, optional: false },
    registered_name: null,
  };
}

function layerEntry(layer: Layer, inputShapes: Shape | Shape[] | null, parentTrainable: boolean): Json {
  if (modelKind(layer) !== 'layer') return modelEntry(layer as LayersModel, parentTrainable);
  const { className, config } = kerasLayerConfig(layer, parentTrainable && layer.trainable);
  const entry = { module: 'keras.layers', class_name: className, config, registered_name: null };
  return WITHOUT_BUILD_CONFIG.has(className) ? entry : { ...entry, build_config: { input_shape: inputShapes } };
}

function firstNodeInputShapes(layer: Layer, counts: (nodeIndex: number) => boolean): Shape | Shape[] | null {
  const index = layer.inboundNodes.findIndex((_, i) => counts(i));
  const node = layer.inboundNodes[index];
  if (node === undefined) return null;
  const shapes = node.inputTensors.map((tensor) => [...tensor.shape]);
  return shapes.length === 1 ? shapes[0]! : shapes;
}

/**
 * The same config in the form Keras writes into a legacy `.h5` file's `model_config` attribute:
 * layer entries keep only `class_name`, `config` and, in functional models, `name` and
 * `inbound_nodes`.
 *
 * @internal
 * @param config - a config from {@link kerasModelConfig}
 * @returns the legacy config
 */
export function legacyModelConfig(config: Json): Json {
  const inner = config['config'] as Json;
  const layers = inner['layers'] as Json[];
  const strip = (entry: Json): Json => {
    const { module: _module, registered_name: _registered, build_config: _build, ...rest } = entry;
    if (rest['class_name'] === 'Functional' || rest['class_name'] === 'Sequential') return { ...rest, config: (legacyModelConfig(rest) as { config: Json }).config };
    return rest;
  };
  return { class_name: config['class_name'], config: { ...inner, layers: layers.map(strip) } };
}
