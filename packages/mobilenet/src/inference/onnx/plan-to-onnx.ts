import type { ActivationStep, ConvStep, DenseStep, InferencePlan, InferenceStep } from '../inference-steps.js';
import { UnsupportedLayerError } from '../unsupported-layer-error.js';
import type { OnnxAttributeValue, OnnxGraph, OnnxInitializer, OnnxNode } from './onnx-graph.js';

/** The ONNX opset the exporter targets: Clip and Pad take their bounds as inputs from 11 and 13 on. @internal */
export const onnxOpsetVersion = 13;

// The graph runs channels-first, as ONNX's convolutions expect; `rank` says how each value is laid out.
interface Value {
  readonly name: string;
  readonly rank: 2 | 4;
}

/** A kernel laid out as ONNX's Conv takes it: `[out channels, in channels / group, rows, cols]`. */
function onnxConvKernel(step: ConvStep): { data: Float32Array; dims: number[] } {
  const [rows, cols, inChannels, last] = step.kernelShape;
  const outChannels = step.depthwise ? inChannels * last : last;
  const perOutput = step.depthwise ? 1 : inChannels;
  const data = new Float32Array(step.kernel.length);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      for (let i = 0; i < inChannels; i++) {
        for (let k = 0; k < last; k++) {
          const source = ((r * cols + c) * inChannels + i) * last + k;
          // Depthwise: output channel i * multiplier + k reads input channel i only (group = inChannels).
          const [out, inner] = step.depthwise ? [i * last + k, 0] : [k, i];
          data[((out * perOutput + inner) * rows + r) * cols + c] = step.kernel[source]!;
        }
      }
    }
  }
  return { data, dims: [outChannels, perOutput, rows, cols] };
}

class GraphBuilder {
  readonly nodes: OnnxNode[] = [];
  readonly initializers: OnnxInitializer[] = [];
  private nextName = 0;

  constant(stem: string, dims: number[], data: Float32Array | BigInt64Array): string {
    const name = `${stem}_${this.nextName++}`;
    this.initializers.push({ name, dims, data });
    return name;
  }

  node(
    opType: string,
    name: string,
    inputs: string[],
    attributes?: Record<string, OnnxAttributeValue>,
    output = `${name}:${opType}_${this.nextName++}`,
  ): string {
    this.nodes.push({ opType, name: `${name}/${opType}`, inputs, outputs: [output], ...(attributes === undefined ? {} : { attributes }) });
    return output;
  }
}

function unsupported(step: InferenceStep, reason: string): UnsupportedLayerError {
  return new UnsupportedLayerError(step.layers.join('+'), step.kind, reason);
}

function fusedActivation(builder: GraphBuilder, name: string, input: string, activation: ConvStep['activation']): string {
  if (activation === 'relu') return builder.node('Relu', name, [input]);
  if (activation === 'relu6') return clip(builder, name, input, 6);
  return input;
}

function clip(builder: GraphBuilder, name: string, input: string, maxValue: number): string {
  const low = builder.constant(`${name}/min`, [], Float32Array.of(0));
  const high = builder.constant(`${name}/max`, [], Float32Array.of(maxValue));
  return builder.node('Clip', name, [input, low, high]);
}

function convolution(builder: GraphBuilder, step: ConvStep, input: Value): Value {
  if (input.rank !== 4) throw unsupported(step, 'its input is not an image');
  const name = step.layers.at(-1)!;
  const kernel = onnxConvKernel(step);
  const inputs = [input.name, builder.constant(`${name}/kernel`, kernel.dims, kernel.data)];
  if (step.bias !== undefined) inputs.push(builder.constant(`${name}/bias`, [step.bias.length], step.bias));
  const [top, bottom, left, right] = step.pads;
  const conv = builder.node('Conv', name, inputs, {
    kernel_shape: [...step.geometry.kernelSize],
    strides: [...step.geometry.strides],
    dilations: [...step.geometry.dilations],
    pads: [top, left, bottom, right],
    group: step.depthwise ? step.kernelShape[2] : 1,
  });
  return { name: fusedActivation(builder, name, conv, step.activation), rank: 4 };
}

function dense(builder: GraphBuilder, step: DenseStep, input: Value): Value {
  // Keras applies Dense to the last axis; on a channels-first image that axis is not the last one.
  if (input.rank !== 2) throw unsupported(step, 'it reads an image (Dense on the channel axis of a feature map)');
  const name = step.layers.at(-1)!;
  const kernel = builder.constant(`${name}/kernel`, [...step.kernelShape], step.kernel);
  const bias = step.bias ?? new Float32Array(step.kernelShape[1]);
  const gemm = builder.node('Gemm', name, [input.name, kernel, builder.constant(`${name}/bias`, [bias.length], bias)]);
  return { name: fusedActivation(builder, name, gemm, step.activation), rank: 2 };
}

function channelShape(input: Value, channels: number): number[] {
  return input.rank === 4 ? [1, channels, 1, 1] : [channels];
}

function activation(builder: GraphBuilder, step: ActivationStep, input: Value): Value {
  const name = step.layers.at(-1)!;
  const op = (opType: string, attributes?: Record<string, OnnxAttributeValue>): Value => ({
    name: builder.node(opType, name, [input.name], attributes),
    rank: input.rank,
  });
  switch (step.activation) {
    case 'relu':
      return op('Relu');
    case 'relu6':
      return { name: clip(builder, name, input.name, 6), rank: input.rank };
    case 'clip':
      return { name: clip(builder, name, input.name, step.maxValue), rank: input.rank };
    case 'sigmoid':
      return op('Sigmoid');
    case 'softmax':
      // Keras's softmax runs over the last axis of channels-last data: the channel axis.
      return op('Softmax', { axis: input.rank === 4 ? 1 : -1 });
    case 'tanh':
      return op('Tanh');
    case 'elu':
      return op('Elu', { alpha: { float: 1 } });
    case 'selu':
      return op('Selu');
    case 'softplus':
      return op('Softplus');
    case 'softsign':
      return op('Softsign');
  }
}

function stepValue(builder: GraphBuilder, step: InferenceStep, inputs: Value[]): Value {
  const input = inputs[0]!;
  const name = step.layers.at(-1)!;
  switch (step.kind) {
    case 'conv':
      return convolution(builder, step, input);
    case 'dense':
      return dense(builder, step, input);
    case 'pad': {
      const [top, bottom, left, right] = step.pads;
      const pads = builder.constant(`${name}/pads`, [8], BigInt64Array.from([0, 0, top, left, 0, 0, bottom, right].map(BigInt)));
      return { name: builder.node('Pad', name, [input.name, pads]), rank: 4 };
    }
    case 'affine': {
      const dims = channelShape(input, step.scale.length);
      const scaled = builder.node('Mul', name, [input.name, builder.constant(`${name}/scale`, dims, step.scale)]);
      return { name: builder.node('Add', name, [scaled, builder.constant(`${name}/shift`, dims, step.shift)]), rank: input.rank };
    }
    case 'activation':
      return activation(builder, step, input);
    case 'add':
      return {
        name: builder.node(
          inputs.length === 2 ? 'Add' : 'Sum',
          name,
          inputs.map((value) => value.name),
        ),
        rank: input.rank,
      };
    case 'pool': {
      if (input.rank !== 4) throw unsupported(step, 'its input is not an image');
      const pooled = builder.node(step.mode === 'avg' ? 'GlobalAveragePool' : 'GlobalMaxPool', name, [input.name]);
      return { name: builder.node('Flatten', name, [pooled], { axis: 1 }), rank: 2 };
    }
  }
}

/**
 * Writes an inference plan as an ONNX graph. The graph takes the model's channels-last input
 * (`[batch, rows, cols, channels]`, as the Keras model does), turns it channels-first once for ONNX's
 * convolutions, and gives back the model's output in the model's own layout.
 *
 * @internal
 * @param plan - the folded and fused plan of {@link planInference}
 * @param name - the graph's name
 * @param producerVersion - the exporter's version, recorded in the file
 * @returns the ONNX graph
 * @throws UnsupportedLayerError for a step ONNX's layout cannot express the same way
 */
export function planToOnnx(plan: InferencePlan, name: string, producerVersion: string): OnnxGraph {
  const builder = new GraphBuilder();
  const inputName = 'input';
  const values = new Map<number, Value>([
    [plan.input, { name: builder.node('Transpose', 'input', [inputName], { perm: [0, 3, 1, 2] }), rank: 4 }],
  ]);
  for (const step of plan.steps) {
    const inputs = step.inputs.map((id) => values.get(id)!);
    values.set(step.output, stepValue(builder, step, inputs));
  }
  const last = values.get(plan.output)!;
  const outputName = 'output';
  if (last.rank === 4) builder.node('Transpose', 'output', [last.name], { perm: [0, 2, 3, 1] }, outputName);
  else builder.node('Identity', 'output', [last.name], undefined, outputName);
  const sizes = (shape: readonly (number | null)[]): number[] => shape.slice(1).map((size) => size ?? 0);
  return {
    name,
    opsetVersion: onnxOpsetVersion,
    producerVersion,
    nodes: builder.nodes,
    initializers: builder.initializers,
    input: { name: inputName, shape: sizes(plan.inputShape) },
    output: { name: outputName, shape: sizes(plan.outputShape) },
  };
}
