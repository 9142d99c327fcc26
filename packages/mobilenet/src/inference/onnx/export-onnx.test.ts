import '@tensorflow/tfjs-backend-cpu';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BinaryReader, WireType } from '@bufbuild/protobuf/wire';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import packageJson from '../../../package.json' with { type: 'json' };
import { buildMobileNetV2 } from '../../architecture/build-mobilenet-v2.js';
import { importOnnxRuntime } from '../../testing/onnx-runtime.js';
import { randomizeBatchNorms } from '../../testing/randomize-batch-norms.js';
import { UnsupportedLayerError } from '../unsupported-layer-error.js';
import { exporterVersion, exportOnnx } from './export-onnx.js';

type Fields = Map<number, (bigint | number | Uint8Array)[]>;

// A protobuf reader independent of the writer: every field of a message by number, sub-messages as bytes.
function fields(bytes: Uint8Array): Fields {
  const reader = new BinaryReader(bytes);
  const found: Fields = new Map();
  while (reader.pos < reader.len) {
    const [number, type] = reader.tag();
    const value =
      type === WireType.Varint
        ? reader.int64()
        : type === WireType.Bit32
          ? reader.float()
          : type === WireType.LengthDelimited
            ? reader.bytes()
            : reader.skip(type);
    found.set(number, [...(found.get(number) ?? []), value as bigint | number | Uint8Array]);
  }
  return found;
}
const text = (value: unknown): string => new TextDecoder().decode(value as Uint8Array);

interface DecodedNode {
  opType: string;
  inputs: string[];
  attributes: Record<string, number[]>;
}

function decode(bytes: Uint8Array): {
  opset: number;
  nodes: DecodedNode[];
  initializers: Map<string, { dims: number[]; data: Float32Array }>;
} {
  const model = fields(bytes);
  const opset = Number(fields(model.get(8)![0] as Uint8Array).get(2)![0]);
  const graph = fields(model.get(7)![0] as Uint8Array);
  const nodes = (graph.get(1) ?? []).map((raw) => {
    const node = fields(raw as Uint8Array);
    const attributes: Record<string, number[]> = {};
    for (const rawAttribute of node.get(5) ?? []) {
      const attribute = fields(rawAttribute as Uint8Array);
      attributes[text(attribute.get(1)![0])] = [...(attribute.get(3) ?? []), ...(attribute.get(8) ?? [])].map(Number);
    }
    return { opType: text(node.get(4)![0]), inputs: (node.get(1) ?? []).map(text), attributes };
  });
  const initializers = new Map<string, { dims: number[]; data: Float32Array }>();
  for (const raw of graph.get(5) ?? []) {
    const tensor = fields(raw as Uint8Array);
    if (tensor.get(2)![0] !== 1n) continue;
    const data = (tensor.get(9)![0] as Uint8Array).slice();
    initializers.set(text(tensor.get(8)![0]), { dims: (tensor.get(1) ?? []).map(Number), data: new Float32Array(data.buffer) });
  }
  return { opset, nodes, initializers };
}

/** Conv with zero padding and ReLU6, depthwise conv, an unfoldable batch norm, global pooling, Dense softmax. */
function smallModel(): tfl.LayersModel {
  const input = tfl.input({ shape: [9, 9, 2] });
  const padded = tfl.layers
    .zeroPadding2d({
      padding: [
        [0, 1],
        [0, 1],
      ],
      name: 'pad',
    })
    .apply(input);
  const conv = tfl.layers
    .conv2d({ filters: 4, kernelSize: 3, strides: 2, useBias: false, name: 'conv', kernelInitializer: 'glorotUniform' })
    .apply(padded);
  const relu6 = tfl.layers.reLU({ maxValue: 6, name: 'conv_relu' }).apply(conv);
  const depthwise = tfl.layers.depthwiseConv2d({ kernelSize: 3, padding: 'same', depthMultiplier: 2, name: 'depthwise' }).apply(relu6);
  const projected = tfl.layers.conv2d({ filters: 8, kernelSize: 1, name: 'project' }).apply(relu6) as tfl.SymbolicTensor;
  const sum = tfl.layers.add({ name: 'sum' }).apply([depthwise as tfl.SymbolicTensor, projected]);
  const norm = tfl.layers.batchNormalization({ name: 'norm' }).apply(sum);
  const pooled = tfl.layers.globalAveragePooling2d({ name: 'pool' }).apply(norm);
  const output = tfl.layers.dense({ units: 3, activation: 'softmax', name: 'dense' }).apply(pooled) as tfl.SymbolicTensor;
  const model = tfl.model({ inputs: input, outputs: output, name: 'small' });
  randomizeBatchNorms(model, 7);
  return model;
}

const ort = await importOnnxRuntime();
const python = process.env.DENDRITE_KERAS_PYTHON ?? 'python3';
const onnxChecker = spawnSync(python, ['-c', 'import onnx'], { encoding: 'utf8' }).status === 0;

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('exportOnnx', () => {
  it('writes opset 13 with the input turned channels-first once and the rewrites applied', () => {
    const model = smallModel();
    const { opset, nodes } = decode(exportOnnx(model));
    expect(opset).toBe(13);
    expect(nodes.map((node) => node.opType)).toEqual([
      'Transpose',
      'Conv',
      'Clip',
      'Conv',
      'Conv',
      'Add',
      'Mul',
      'Add',
      'GlobalAveragePool',
      'Flatten',
      'Gemm',
      'Softmax',
      'Identity',
    ]);
    const [firstConv, depthwise] = nodes.filter((node) => node.opType === 'Conv');
    // The ZeroPadding2D ([[0, 1], [0, 1]]) becomes the convolution's padding: ONNX orders it [top, left, bottom, right].
    expect(firstConv!.attributes).toMatchObject({ pads: [0, 0, 1, 1], strides: [2, 2], kernel_shape: [3, 3], group: [1] });
    expect(depthwise!.attributes).toMatchObject({ pads: [1, 1, 1, 1], group: [4] });
    expect(nodes[0]!.attributes.perm).toEqual([0, 3, 1, 2]);
    model.dispose();
  });

  it('lays kernels out as ONNX takes them: [out, in / group, rows, cols]', () => {
    const model = smallModel();
    const { initializers } = decode(exportOnnx(model, { foldBatchNorm: false }));
    const [conv] = model.getLayer('conv').getWeights();
    const [depthwise] = model.getLayer('depthwise').getWeights();
    const convKernel = conv!.arraySync() as number[][][][];
    const depthwiseKernel = depthwise!.arraySync() as number[][][][];
    const byDims = (dims: number[]) => [...initializers.values()].find((tensor) => tensor.dims.join() === dims.join())!;
    const onnxConv = byDims([4, 2, 3, 3]);
    const onnxDepthwise = byDims([8, 1, 3, 3]);
    // tfjs [row, col, in, out] -> ONNX [out, in, row, col]
    expect(onnxConv.data[((3 * 2 + 1) * 3 + 2) * 3 + 0]).toBe(Math.fround(convKernel[2]![0]![1]![3]!));
    // depthwise tfjs [row, col, in, multiplier] -> ONNX out channel in * 2 + multiplier
    expect(onnxDepthwise.data[((2 * 2 + 1) * 3 + 0) * 3 + 2]).toBe(Math.fround(depthwiseKernel[0]![2]![2]![1]!));
    model.dispose();
  });

  it('refuses a Dense layer on a feature map, naming the layer', () => {
    const input = tfl.input({ shape: [4, 4, 2] });
    const output = tfl.layers
      .dense({ units: 3, name: 'per_pixel' })
      .apply(tfl.layers.conv2d({ filters: 2, kernelSize: 1 }).apply(input)) as tfl.SymbolicTensor;
    const model = tfl.model({ inputs: input, outputs: output });
    expect(() => exportOnnx(model)).toThrow(UnsupportedLayerError);
    expect(() => exportOnnx(model)).toThrow(/per_pixel/);
    model.dispose();
  });

  it('creates no tensors and records the package version as producer', () => {
    const model = buildMobileNetV2({ alpha: 0.35, inputShape: [32, 32, 3], classes: 4 });
    const before = tf.memory().numTensors;
    const bytes = exportOnnx(model);
    expect(tf.memory().numTensors).toBe(before);
    expect(text(fields(bytes).get(3)![0])).toBe(packageJson.version);
    expect(exporterVersion).toBe(packageJson.version);
    model.dispose();
  });
});

const noRuntime = ort === undefined ? ' (skipped: onnxruntime-node is not installed; CI installs it)' : '';
describe.skipIf(ort === undefined)(`exportOnnx run by ONNX Runtime${noRuntime}`, () => {
  async function maxDifference(
    model: tfl.LayersModel,
    images: tf.Tensor4D,
  ): Promise<{ difference: number; scale: number; dims: readonly number[] }> {
    const session = await ort!.InferenceSession.create(exportOnnx(model));
    const { output } = await session.run({ input: new ort!.Tensor('float32', images.dataSync() as Float32Array, images.shape) });
    await session.release();
    const expected = tf.tidy(() => (model.predict(images) as tf.Tensor).dataSync());
    const actual = output!.data as Float32Array;
    let difference = 0;
    let scale = 0;
    expected.forEach((value, index) => {
      difference = Math.max(difference, Math.abs(value - actual[index]!));
      scale = Math.max(scale, Math.abs(value));
    });
    return { difference, scale, dims: output!.dims };
  }

  it('predicts what model.predict does for MobileNetV2 0.35 with its top and non-trivial batch norms', async () => {
    const model = buildMobileNetV2({ alpha: 0.35, inputShape: [96, 96, 3], classes: 10, classifierActivation: null });
    randomizeBatchNorms(model, 11);
    const images = tf.randomUniform([3, 96, 96, 3], -1, 1, 'float32', 3) as tf.Tensor4D;
    const { difference, scale, dims } = await maxDifference(model, images);
    expect(dims).toEqual([3, 10]);
    expect(scale).toBeGreaterThan(0.1);
    expect(difference).toBeLessThan(1e-4 * Math.max(1, scale));
    images.dispose();
    model.dispose();
  });

  it('gives the channels-last feature map of a MobileNetV2 without its top, and the small model', async () => {
    const base = buildMobileNetV2({ alpha: 0.5, inputShape: [40, 48, 3], includeTop: false });
    randomizeBatchNorms(base, 12);
    const images = tf.randomUniform([2, 40, 48, 3], -1, 1, 'float32', 4) as tf.Tensor4D;
    const map = await maxDifference(base, images);
    expect(map.dims).toEqual([2, 2, 2, 1280]);
    expect(map.difference).toBeLessThan(1e-4 * Math.max(1, map.scale));
    const small = smallModel();
    const pixels = tf.randomUniform([2, 9, 9, 2], -1, 1, 'float32', 5) as tf.Tensor4D;
    expect((await maxDifference(small, pixels)).difference).toBeLessThan(1e-5);
    tf.dispose([images, pixels]);
    base.dispose();
    small.dispose();
  });
});

const noChecker = onnxChecker ? '' : ` (skipped: ${python} cannot import onnx; set DENDRITE_KERAS_PYTHON to a Python with the onnx wheel)`;
describe.skipIf(!onnxChecker)(`exportOnnx checked by onnx.checker${noChecker}`, () => {
  it('passes the full check with shape inference for MobileNetV2 and the small model', () => {
    const folder = mkdtempSync(join(tmpdir(), 'dendrite-onnx-'));
    try {
      const files = [buildMobileNetV2({ alpha: 0.35, inputShape: [64, 64, 3], classes: 5 }), smallModel()].map((model, index) => {
        const file = join(folder, `model-${index}.onnx`);
        writeFileSync(file, exportOnnx(model));
        model.dispose();
        return file;
      });
      const script =
        'import onnx, sys\nfor path in sys.argv[1:]:\n    onnx.checker.check_model(onnx.load(path), full_check=True)\nprint("ok")';
      const result = spawnSync(python, ['-c', script, ...files], { encoding: 'utf8' });
      expect(result.stderr).toBe('');
      expect(result.stdout.trim()).toBe('ok');
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
