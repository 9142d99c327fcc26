import { addPads } from './conv-padding.js';
import { foldAffine } from './fold-batch-norm.js';
import type {
  ConvStep,
  DenseStep,
  FusedActivation,
  InferencePlan,
  InferenceStep,
  PlanOptions,
  StandaloneActivation,
} from './inference-steps.js';
import { booleanSetting, choiceSetting, imageSize, numberSetting, rawSetting, unsupportedLayer } from './layer-config.js';
import type { GraphNode, LayerGraph } from './layer-graph.js';
import { batchNorm, convolution, dense, outputChannels, zeroPadding } from './layer-steps.js';

export type { InferencePlan, InferenceStep, PlanOptions } from './inference-steps.js';

const fusedActivations: readonly string[] = ['linear', 'relu', 'relu6'];
const standaloneActivations: readonly string[] = ['relu', 'relu6', 'sigmoid', 'softmax', 'tanh', 'elu', 'selu', 'softplus', 'softsign'];

/**
 * Rewrites a layer graph for inference: batch normalization folded into the preceding convolution
 * or Dense kernel and bias, ReLU and ReLU6 fused into the operation before them, zero padding
 * folded into the next convolution's padding, Dropout and linear activations removed. A fold
 * happens only where the value in between has no other reader.
 *
 * @internal
 * @param graph - the model's layer calls
 * @returns the operations to run
 * @throws UnsupportedLayerError on a layer class or setting this does not handle
 */
export function planInference(graph: LayerGraph, options: PlanOptions = {}): InferencePlan {
  const { foldBatchNorm = true, fuseActivations = true, foldPadding = true } = options;
  const readers = new Map<number, number>();
  for (const node of graph.nodes) for (const id of node.inputs) readers.set(id, (readers.get(id) ?? 0) + 1);
  readers.set(graph.output, (readers.get(graph.output) ?? 0) + 1);

  const alias = new Map<number, number>();
  const resolve = (id: number): number => alias.get(id) ?? id;
  const producer = new Map<number, InferenceStep>();
  const steps: InferenceStep[] = [];
  const dropped = new Set<InferenceStep>();
  let nextInternalId = -1;

  const emit = (step: InferenceStep): void => {
    steps.push(step);
    producer.set(step.output, step);
  };
  const retarget = (step: InferenceStep, output: number, layer: string): void => {
    step.output = output;
    step.layers.push(layer);
    producer.set(output, step);
  };
  const passThrough = (node: GraphNode, input: number): void => {
    alias.set(node.output, input);
    readers.set(input, (readers.get(input) ?? 0) - 1 + (readers.get(node.output) ?? 0));
  };
  // The convolution or Dense step that made `id`, when `id` has no other reader and no activation yet.
  const linearProducer = (id: number): ConvStep | DenseStep | undefined => {
    const step = producer.get(id);
    if (step === undefined || readers.get(id) !== 1) return undefined;
    if ((step.kind === 'conv' || step.kind === 'dense') && step.activation === 'linear') return step;
    return undefined;
  };
  const activate = (node: GraphNode, input: number, output: number, activation: string, maxValue = 0): void => {
    if (activation === 'linear') {
      passThrough(node, input);
      return;
    }
    const target = linearProducer(input);
    if (target !== undefined && fuseActivations && fusedActivations.includes(activation)) {
      target.activation = activation as FusedActivation;
      retarget(target, output, node.layer.name);
      return;
    }
    if (activation !== 'clip' && !standaloneActivations.includes(activation)) {
      throw unsupportedLayer(node, `its activation '${activation}' is not one of linear, ${standaloneActivations.join(', ')}`);
    }
    emit({
      kind: 'activation',
      inputs: [input],
      output,
      layers: [node.layer.name],
      activation: activation as StandaloneActivation,
      maxValue,
    });
  };
  // A layer's own activation: fused into its step when free, else a step of its own after it.
  const withOwnActivation = (node: GraphNode, step: ConvStep | DenseStep): void => {
    const activation = choiceSetting(node, 'activation', [...fusedActivations, ...standaloneActivations], 'linear');
    if (activation === 'linear' || (fuseActivations && fusedActivations.includes(activation))) {
      step.activation = activation as FusedActivation;
      emit(step);
      return;
    }
    const internal = nextInternalId--;
    readers.set(internal, 1);
    step.output = internal;
    emit(step);
    activate(node, internal, node.output, activation);
  };

  for (const node of graph.nodes) {
    const inputs = node.inputs.map(resolve);
    const input = inputs[0]!;
    switch (node.className) {
      case 'Dropout':
        passThrough(node, input);
        break;
      case 'ZeroPadding2D': {
        choiceSetting(node, 'dataFormat', ['channelsLast'], 'channelsLast');
        const [rows, cols] = imageSize(node, node.inputShapes[0]);
        emit({ kind: 'pad', inputs, output: node.output, layers: [node.layer.name], rows, cols, pads: zeroPadding(node) });
        break;
      }
      case 'Conv2D':
      case 'DepthwiseConv2D': {
        const step = convolution(node, inputs);
        const padStep = producer.get(input);
        if (foldPadding && padStep?.kind === 'pad' && readers.get(input) === 1) {
          step.pads = addPads(padStep.pads, step.pads);
          step.rows = padStep.rows;
          step.cols = padStep.cols;
          step.inputs = padStep.inputs;
          step.layers.unshift(...padStep.layers);
          dropped.add(padStep);
        }
        withOwnActivation(node, step);
        break;
      }
      case 'Dense':
        withOwnActivation(node, dense(node, inputs));
        break;
      case 'BatchNormalization': {
        const affine = batchNorm(node);
        const target = foldBatchNorm ? linearProducer(input) : undefined;
        if (target !== undefined && outputChannels(target) === affine.scale.length) {
          const folded = foldAffine(target.kernel, target.bias, affine);
          target.kernel = folded.kernel;
          target.bias = folded.bias;
          retarget(target, node.output, node.layer.name);
        } else {
          emit({
            kind: 'affine',
            inputs,
            output: node.output,
            layers: [node.layer.name],
            scale: Float32Array.from(affine.scale),
            shift: Float32Array.from(affine.shift),
          });
        }
        break;
      }
      case 'ReLU': {
        for (const key of ['negativeSlope', 'threshold']) {
          if ((numberSetting(node, key) ?? 0) !== 0) throw unsupportedLayer(node, `its ${key} is not 0`);
        }
        const maxValue = numberSetting(node, 'maxValue');
        const activation = maxValue === undefined ? 'relu' : maxValue === 6 ? 'relu6' : 'clip';
        activate(node, input, node.output, activation, maxValue);
        break;
      }
      case 'Activation': {
        const name = rawSetting(node, 'activation');
        activate(node, input, node.output, typeof name === 'string' ? name : JSON.stringify(name));
        break;
      }
      case 'Add':
        emit({ kind: 'add', inputs, output: node.output, layers: [node.layer.name] });
        break;
      case 'GlobalAveragePooling2D':
      case 'GlobalMaxPooling2D':
        choiceSetting(node, 'dataFormat', ['channelsLast'], 'channelsLast');
        if (booleanSetting(node, 'keepDims', false)) throw unsupportedLayer(node, 'it keeps the pooled dimensions (keepDims)');
        imageSize(node, node.inputShapes[0]);
        emit({
          kind: 'pool',
          inputs,
          output: node.output,
          layers: [node.layer.name],
          mode: node.className === 'GlobalAveragePooling2D' ? 'avg' : 'max',
        });
        break;
      default:
        throw unsupportedLayer(node, 'this layer class is not supported');
    }
  }
  return {
    input: graph.input,
    inputShape: graph.inputShape,
    output: resolve(graph.output),
    outputShape: graph.outputShape,
    steps: steps.filter((step) => !dropped.has(step)),
  };
}
