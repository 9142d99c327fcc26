import type { serialization } from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { KerasConfigError, UnsafeKerasObjectError, UnsupportedKerasLayerError } from './errors.js';
import { asObject, type JsonObject, KerasLayerConfig } from './layer-config.js';
import type { KerasLayerTranslator } from './layer-table.js';
import { releaseWithContainer } from './tfjs-internals.js';

/** What building a model needs besides its config. @internal */
export interface BuildContext {
  readonly source: string;
  readonly table: ReadonlyMap<string, KerasLayerTranslator>;
  /** Classes the caller passed translators for: the only ones allowed from outside Keras. */
  readonly extra?: ReadonlySet<string>;
}

type TensorRef = readonly [layer: string, node: number, tensor: number];

interface NodeCall {
  readonly refs: readonly TensorRef[];
  /** Whether the layer was called on one tensor rather than a list. */
  readonly single: boolean;
  readonly kwargs: serialization.ConfigDict;
}

const modelClasses = new Set(['Functional', 'Model', 'Sequential']);

function supported(context: BuildContext): string[] {
  return ['InputLayer', 'Sequential', 'Functional', ...context.table.keys()];
}

function layerName(spec: JsonObject): string {
  const name = asObject(spec['config'])?.['name'] ?? spec['name'];
  return typeof name === 'string' ? name : '(unnamed)';
}

/** Refuses what Keras's safe mode refuses: code (Lambda), custom objects, classes from outside Keras. */
function checkSafe(spec: JsonObject, context: BuildContext): void {
  const className = String(spec['class_name']);
  const name = layerName(spec);
  if (className === 'Lambda' || className === 'TFOpLambda' || className === 'SlicingOpLambda') {
    throw new UnsafeKerasObjectError(context.source, name, className, 'which holds Python code');
  }
  const registered = spec['registered_name'];
  const shown = typeof registered === 'string' ? registered : className;
  const allowed = context.extra?.has(shown) === true || context.extra?.has(className) === true;
  if ((className.includes('>') || (typeof registered === 'string' && registered !== className)) && !allowed) {
    throw new UnsafeKerasObjectError(context.source, name, shown, "a custom object registered by the model's author");
  }
  const module = spec['module'];
  if (typeof module === 'string' && module !== 'keras' && !module.startsWith('keras.') && !allowed) {
    throw new UnsafeKerasObjectError(context.source, name, className, `a class from module ${module}, outside Keras`);
  }
}

function isRef(value: unknown): value is TensorRef {
  return Array.isArray(value) && typeof value[0] === 'string' && typeof value[1] === 'number' && typeof value[2] === 'number';
}

/** Keras 3 writes one input or output as `[name, 0, 0]` and several as a list of those. */
function refList(value: unknown, what: string, source: string): TensorRef[] {
  if (isRef(value)) return [value];
  if (Array.isArray(value) && value.every(isRef)) return value;
  throw new KerasConfigError(source, `its ${what} are not a list of [layer, node, tensor]`);
}

function kerasTensorRef(value: unknown): TensorRef | undefined {
  const object = asObject(value);
  if (object?.['class_name'] !== '__keras_tensor__') return undefined;
  const history = asObject(object['config'])?.['keras_history'];
  return isRef(history) ? history : undefined;
}

function checkKwargs(kwargs: JsonObject, name: string, className: string, context: BuildContext): serialization.ConfigDict {
  const out: serialization.ConfigDict = {};
  for (const [key, value] of Object.entries(kwargs)) {
    if (key === 'mask' && value === null) continue;
    if (key === 'training' && typeof value === 'boolean') {
      out['training'] = value;
      continue;
    }
    throw new UnsupportedKerasLayerError(
      context.source,
      name,
      className,
      `is called with ${key}=${JSON.stringify(value)}`,
      supported(context),
    );
  }
  return out;
}

/** The calls of a layer in a functional model, from Keras 3's `{args, kwargs}` or Keras 2's lists. */
function nodeCalls(spec: JsonObject, context: BuildContext): NodeCall[] {
  const name = layerName(spec);
  const className = String(spec['class_name']);
  const nodes = spec['inbound_nodes'] ?? [];
  if (!Array.isArray(nodes)) throw new KerasConfigError(context.source, `layer '${name}' has inbound_nodes that are not a list`);
  return nodes.map((node: unknown): NodeCall => {
    const keras3 = asObject(node);
    if (keras3 !== undefined) {
      const args = keras3['args'];
      if (!Array.isArray(args) || args.length !== 1) {
        throw new UnsupportedKerasLayerError(
          context.source,
          name,
          className,
          'is called with other than one input argument',
          supported(context),
        );
      }
      const kwargs = checkKwargs(asObject(keras3['kwargs']) ?? {}, name, className, context);
      const single = kerasTensorRef(args[0]);
      if (single !== undefined) return { refs: [single], single: true, kwargs };
      const many = Array.isArray(args[0]) ? args[0].map(kerasTensorRef) : [undefined];
      if (many.some((ref) => ref === undefined))
        throw new KerasConfigError(context.source, `layer '${name}' has an input that is not a Keras tensor`);
      return { refs: many as TensorRef[], single: false, kwargs };
    }
    if (!Array.isArray(node) || !node.every((entry) => Array.isArray(entry) && isRef(entry))) {
      throw new KerasConfigError(context.source, `layer '${name}' has an inbound node in neither Keras 2 nor Keras 3 form`);
    }
    // Later entries win, as spreading them one after another would.
    const kwargs: serialization.ConfigDict = Object.fromEntries(
      (node as unknown[][]).flatMap((entry) => Object.entries(checkKwargs(asObject(entry[3]) ?? {}, name, className, context))),
    );
    return { refs: node as unknown as TensorRef[], single: node.length === 1, kwargs };
  });
}

function batchShape(config: JsonObject, source: string, name: string): (number | null)[] {
  const shape = config['batch_shape'] ?? config['batch_input_shape'];
  if (!Array.isArray(shape) || !shape.every((size) => size === null || Number.isInteger(size))) {
    throw new KerasConfigError(source, `input layer '${name}' has no batch shape`);
  }
  return shape as (number | null)[];
}

function inputLayer(spec: JsonObject, context: BuildContext): tfl.SymbolicTensor {
  const config = asObject(spec['config']) ?? {};
  const name = layerName(spec);
  const reader = new KerasLayerConfig(config, 'InputLayer', context.source, supported(context));
  reader.expect('sparse', false);
  reader.expect('ragged', false);
  reader.expect('optional', false);
  const shape = batchShape(config, context.source, name);
  reader.finish(['batch_shape']);
  return tfl.input({ batchShape: shape, name });
}

/** Builds one layer (a nested model included) from its spec, without calling it. */
function buildLayer(spec: JsonObject, context: BuildContext): tfl.layers.Layer {
  checkSafe(spec, context);
  const className = String(spec['class_name']);
  if (modelClasses.has(className)) return buildModel(spec, context);
  const config = asObject(spec['config']);
  if (config === undefined) throw new KerasConfigError(context.source, `layer '${layerName(spec)}' has no config`);
  const registered = spec['registered_name'];
  const translate = (typeof registered === 'string' ? context.table.get(registered) : undefined) ?? context.table.get(className);
  if (translate === undefined) {
    throw new UnsupportedKerasLayerError(
      context.source,
      layerName(spec),
      className,
      'is not a layer class Dendrite can build',
      supported(context),
    );
  }
  return translate(new KerasLayerConfig(config, className, context.source, supported(context)));
}

function buildFunctional(name: string, config: JsonObject, context: BuildContext): tfl.LayersModel {
  const specs = config['layers'];
  if (!Array.isArray(specs)) throw new KerasConfigError(context.source, `model '${name}' has no layers`);
  const outputs = new Map<string, tfl.SymbolicTensor[][]>();
  const pending = specs.map((spec) => asObject(spec) ?? {});
  const built = new Map<JsonObject, { layer: tfl.layers.Layer; calls: NodeCall[] }>();
  // Keras lists layers in graph order; a few passes cover configs that do not.
  for (let pass = 0; pass < pending.length + 1 && pending.length > 0; pass += 1) {
    for (let index = 0; index < pending.length; ) {
      const spec = pending[index] as JsonObject;
      const name = layerName(spec);
      if (spec['class_name'] === 'InputLayer') {
        checkSafe(spec, context);
        outputs.set(name, [[inputLayer(spec, context)]]);
        pending.splice(index, 1);
        continue;
      }
      let entry = built.get(spec);
      if (entry === undefined) {
        entry = { layer: buildLayer(spec, context), calls: nodeCalls(spec, context) };
        built.set(spec, entry);
      }
      const ready = entry.calls.every((call) =>
        call.refs.every(([layer, node, tensor]) => outputs.get(layer)?.[node]?.[tensor] !== undefined),
      );
      if (!ready) {
        index += 1;
        continue;
      }
      const results: tfl.SymbolicTensor[][] = [];
      for (const call of entry.calls) {
        const inputs = call.refs.map(([layer, node, tensor]) => outputs.get(layer)?.[node]?.[tensor] as tfl.SymbolicTensor);
        const applied = entry.layer.apply(call.single ? (inputs[0] as tfl.SymbolicTensor) : inputs, call.kwargs);
        results.push((Array.isArray(applied) ? applied : [applied]) as tfl.SymbolicTensor[]);
      }
      outputs.set(name, results);
      pending.splice(index, 1);
    }
  }
  if (pending.length > 0) {
    throw new KerasConfigError(
      context.source,
      `model '${name}' has layers whose inputs never appear: ${pending.map(layerName).join(', ')}`,
    );
  }
  const find = (ref: TensorRef): tfl.SymbolicTensor => {
    const tensor = outputs.get(ref[0])?.[ref[1]]?.[ref[2]];
    if (tensor === undefined) throw new KerasConfigError(context.source, `model '${name}' names a missing tensor ${JSON.stringify(ref)}`);
    return tensor;
  };
  const inputs = refList(config['input_layers'], 'input layers', context.source).map(find);
  const outs = refList(config['output_layers'], 'output layers', context.source).map(find);
  return tfl.model({ name, inputs, outputs: outs });
}

function buildSequential(name: string, spec: JsonObject, config: JsonObject, context: BuildContext): tfl.Sequential {
  const specs = config['layers'];
  if (!Array.isArray(specs)) throw new KerasConfigError(context.source, `model '${name}' has no layers`);
  let input: tfl.SymbolicTensor | undefined;
  const model = tfl.sequential({ name });
  for (const raw of specs) {
    const layerSpec = asObject(raw) ?? {};
    if (layerSpec['class_name'] === 'InputLayer') {
      checkSafe(layerSpec, context);
      input = inputLayer(layerSpec, context);
      continue;
    }
    const layer = buildLayer(layerSpec, context);
    if (model.layers.length === 0 && !(layer instanceof tfl.LayersModel)) {
      if (input === undefined) {
        const layerConfig = asObject(layerSpec['config']) ?? {};
        const buildShape = asObject(spec['build_config'])?.['input_shape'] ?? config['build_input_shape'];
        const shape = layerConfig['batch_input_shape'] ?? buildShape;
        if (!Array.isArray(shape)) throw new KerasConfigError(context.source, `Sequential model '${name}' has no input shape`);
        input = tfl.input({ batchShape: shape as (number | null)[], name: `${name}_input` });
      }
      layer.apply(input);
    }
    const nestedAfterFirst = layer instanceof tfl.LayersModel && model.layers.length > 0;
    model.add(layer);
    if (nestedAfterFirst) releaseWithContainer(model, layer);
  }
  return model;
}

/**
 * Builds a TensorFlow.js model from a Keras model config (`{class_name, config}` as Keras 3 writes
 * it in `config.json`, or as Keras 2 writes it in an `.h5` file's `model_config`), nested models
 * included. Weights are left as initialised.
 *
 * @internal
 * @throws UnsafeKerasObjectError for Lambda layers, custom objects and classes from outside Keras
 * @throws UnsupportedKerasLayerError for a layer class or option that cannot be built
 * @throws KerasConfigError for a config Keras would not write
 */
export function buildModel(spec: JsonObject, context: BuildContext): tfl.LayersModel {
  checkSafe(spec, context);
  const className = String(spec['class_name']);
  const config = asObject(spec['config']);
  if (config === undefined) throw new KerasConfigError(context.source, 'the model has no config');
  const name = typeof config['name'] === 'string' ? config['name'] : className.toLowerCase();
  let model: tfl.LayersModel;
  if (className === 'Sequential') model = buildSequential(name, spec, config, context);
  else if (className === 'Functional' || className === 'Model') model = buildFunctional(name, config, context);
  else throw new KerasConfigError(context.source, `its top-level object is a ${className}, not a Sequential or Functional model`);
  if (config['trainable'] === false) model.trainable = false;
  return model;
}
