import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { beforeAll, describe, expect, it } from 'vitest';
import { activateBackend } from './backend-activation.js';
import { SeededRandom } from './random.js';
import { conv2dFilterGradient } from './wasm-conv2d-filter-gradient.js';
import { registerWasmGradientKernels } from './wasm-gradient-kernels.js';

type Pad = 'same' | 'valid' | tf.backend_util.ExplicitPadding;
type Shape4 = [number, number, number, number];

const random = new SeededRandom(15);
const between = (low: number, high: number): number => low + random.nextInt(high - low + 1);
const values = (size: number): number[] => Array.from({ length: size }, () => random.next() * 2 - 1);
const paddings: readonly Pad[] = [
  'same',
  'valid',
  [
    [0, 0],
    [1, 0],
    [0, 2],
    [0, 0],
  ],
];

/** Runs `kernel` on `backend` with inputs made there from the same numbers, and reads the result. */
async function runOn(backend: string, kernel: string, inputs: Record<string, [number[], number[]]>, attrs: object): Promise<Float32Array> {
  tf.setBackend(backend);
  const made = Object.fromEntries(Object.entries(inputs).map(([name, [data, shape]]) => [name, tf.tensor(data, shape)]));
  const result = tf.engine().runKernel(kernel, made, attrs as tf.NamedAttrMap) as tf.Tensor;
  const read = (await result.data()) as Float32Array;
  tf.dispose([result, ...Object.values(made)]);
  return read;
}

/** The largest difference, relative to the largest magnitude of the cpu backend's answer. */
function relativeError(actual: Float32Array, expected: Float32Array): number {
  expect(actual.length).toBe(expected.length);
  let scale = 1e-12;
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    scale = Math.max(scale, Math.abs(expected[i]!));
    worst = Math.max(worst, Math.abs(actual[i]! - expected[i]!));
  }
  return worst / scale;
}

async function compareWithCpu(kernel: string, inputs: Record<string, [number[], number[]]>, attrs: object): Promise<number> {
  const expected = await runOn('cpu', kernel, inputs, attrs);
  const actual = await runOn('wasm', kernel, inputs, attrs);
  tf.setBackend('wasm');
  return relativeError(actual, expected);
}

/** Random convolution shapes: batch above one, strides 1 and 2, every kind of padding. */
function convolutionCases(
  depthwise: boolean,
): { x: Shape4; filter: Shape4; strides: [number, number]; pad: Pad; dilations: [number, number] }[] {
  const cases = [];
  for (const stride of [1, 2] as const) {
    for (const pad of paddings) {
      for (let repeat = 0; repeat < 2; repeat++) {
        const inChannels = between(1, 5);
        const size = between(1, 3);
        const x: Shape4 = [between(2, 3), between(5, 9), between(5, 9), inChannels];
        const filter: Shape4 = [size, between(1, 3), inChannels, depthwise ? between(1, 2) : between(1, 6)];
        // The forward ops allow dilations only with stride 1; the depthwise gradients take them.
        const dilation = depthwise && stride === 1 && repeat === 1 ? 2 : 1;
        cases.push({ x, filter, strides: [stride, stride] as [number, number], pad, dilations: [dilation, dilation] as [number, number] });
      }
    }
  }
  return cases;
}

function forwardShape(
  x: Shape4,
  filter: Shape4,
  strides: [number, number],
  pad: Pad,
  dilations: [number, number],
  depthwise: boolean,
): Shape4 {
  return tf.backend_util.computeConv2DInfo(x, filter, strides, dilations, pad, undefined, depthwise).outShape as Shape4;
}

/** The shape of `filter` dilated by `rate`, and where each of its taps lands in it. */
function dilate(filter: Shape4, rate: number): { shape: Shape4; taps: number[] } {
  const [height, width, channels, multiplier] = filter;
  const shape: Shape4 = [(height - 1) * rate + 1, (width - 1) * rate + 1, channels, multiplier];
  const taps: number[] = [];
  for (let h = 0; h < height; h++) {
    for (let w = 0; w < width; w++) {
      for (let c = 0; c < channels * multiplier; c++) taps.push((h * rate * shape[1] + w * rate) * channels * multiplier + c);
    }
  }
  return { shape, taps };
}

const sizeOf = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

beforeAll(async () => {
  await activateBackend('cpu');
  await activateBackend('wasm');
});

describe('wasm gradient kernels', () => {
  it('are registered when wasm is activated, once', () => {
    for (const name of ['Conv2DBackpropFilter', 'DepthwiseConv2dNativeBackpropFilter', 'DepthwiseConv2dNativeBackpropInput']) {
      expect(tf.getKernel(name, 'wasm')).toBeDefined();
    }
    expect(registerWasmGradientKernels()).toEqual([]);
  });

  it("Conv2DBackpropFilter matches the cpu backend's (random shapes, strides 1 and 2, same, valid and explicit pads)", async () => {
    for (const { x, filter, strides, pad } of convolutionCases(false)) {
      const dy = forwardShape(x, filter, strides, pad, [1, 1], false);
      const attrs = { strides, pad, dataFormat: 'NHWC', filterShape: filter };
      const error = await compareWithCpu('Conv2DBackpropFilter', { x: [values(sizeOf(x)), x], dy: [values(sizeOf(dy)), dy] }, attrs);
      expect(error, JSON.stringify({ x, filter, strides, pad })).toBeLessThan(1e-4);
    }
  });

  it("Conv2DBackpropFilter of a 1×1 convolution (a matrix product of the input itself) matches the cpu backend's", async () => {
    const x: Shape4 = [3, 7, 6, 24];
    const dy: Shape4 = [3, 7, 6, 40];
    const attrs = { strides: [1, 1], pad: 'same', dataFormat: 'NHWC', filterShape: [1, 1, 24, 40] };
    const error = await compareWithCpu('Conv2DBackpropFilter', { x: [values(sizeOf(x)), x], dy: [values(sizeOf(dy)), dy] }, attrs);
    expect(error).toBeLessThan(1e-4);
  });

  it('Conv2DBackpropFilter sums the parts of a batch too large to unroll at once', async () => {
    const x: Shape4 = [5, 6, 6, 3];
    const filter: Shape4 = [3, 3, 3, 4];
    const dy = forwardShape(x, filter, [2, 2], 'same', [1, 1], false);
    const [xValues, dyValues] = [values(sizeOf(x)), values(sizeOf(dy))];
    const attrs = { strides: [2, 2], pad: 'same', dataFormat: 'NHWC', filterShape: filter };
    const expected = await runOn('cpu', 'Conv2DBackpropFilter', { x: [xValues, x], dy: [dyValues, dy] }, attrs);
    tf.setBackend('wasm');
    const [xs, dys] = [tf.tensor(xValues, x), tf.tensor(dyValues, dy)];
    const before = tf.memory().numDataBuffers;
    // Room for two images' columns at a time: three parts.
    const info = conv2dFilterGradient(2 * 9 * 27)({ inputs: { x: xs, dy: dys }, backend: tf.backend(), attrs }) as tf.TensorInfo;
    const result = tf.engine().makeTensorFromTensorInfo(info);
    expect(relativeError((await result.data()) as Float32Array, expected)).toBeLessThan(1e-4);
    tf.dispose([result, xs, dys]);
    expect(tf.memory().numDataBuffers).toBe(before - 2);
  });

  // The cpu backend's depthwise gradients ignore dilations (TensorFlow.js computes gradients of
  // undilated ones only): a dilated filter is compared as the undilated one with zeros between its taps.
  it("DepthwiseConv2dNativeBackpropFilter matches the cpu backend's (depth multipliers 1 and 2, dilations)", async () => {
    for (const { x, filter, strides, pad, dilations } of convolutionCases(true)) {
      const dy = forwardShape(x, filter, strides, pad, dilations, true);
      const inputs = { x: [values(sizeOf(x)), x], dy: [values(sizeOf(dy)), dy] } as Record<string, [number[], number[]]>;
      const dilated = dilate(filter, dilations[0]);
      const expected = await runOn('cpu', 'DepthwiseConv2dNativeBackpropFilter', inputs, {
        strides,
        pad,
        dilations: [1, 1],
        filterShape: dilated.shape,
      });
      const actual = await runOn('wasm', 'DepthwiseConv2dNativeBackpropFilter', inputs, { strides, pad, dilations, filterShape: filter });
      const error = relativeError(
        actual,
        Float32Array.from(dilated.taps, (at) => expected[at]!),
      );
      expect(error, JSON.stringify({ x, filter, strides, pad, dilations })).toBeLessThan(1e-4);
    }
  });

  it("DepthwiseConv2dNativeBackpropInput matches the cpu backend's (depth multipliers 1 and 2, dilations)", async () => {
    for (const { x, filter, strides, pad, dilations } of convolutionCases(true)) {
      const dy = forwardShape(x, filter, strides, pad, dilations, true);
      const [dyValues, filterValues] = [values(sizeOf(dy)), values(sizeOf(filter))];
      const dilated = dilate(filter, dilations[0]);
      const spread = new Array<number>(sizeOf(dilated.shape)).fill(0);
      dilated.taps.forEach((at, i) => {
        spread[at] = filterValues[i]!;
      });
      const attrs = { strides, pad, inputShape: x };
      const expected = await runOn(
        'cpu',
        'DepthwiseConv2dNativeBackpropInput',
        { dy: [dyValues, dy], filter: [spread, dilated.shape] },
        { ...attrs, dilations: [1, 1] },
      );
      const actual = await runOn(
        'wasm',
        'DepthwiseConv2dNativeBackpropInput',
        { dy: [dyValues, dy], filter: [filterValues, filter] },
        { ...attrs, dilations },
      );
      expect(relativeError(actual, expected), JSON.stringify({ x, filter, strides, pad, dilations })).toBeLessThan(1e-4);
    }
  });

  it("Conv2DBackpropInput of 1×1 convolutions (a matrix product) and of others matches the cpu backend's", async () => {
    for (const { x, filter, strides, pad } of [
      { x: [3, 7, 6, 24] as Shape4, filter: [1, 1, 24, 40] as Shape4, strides: [1, 1] as [number, number], pad: 'valid' as Pad },
      { x: [2, 8, 8, 5] as Shape4, filter: [1, 1, 5, 7] as Shape4, strides: [2, 2] as [number, number], pad: 'same' as Pad },
      { x: [2, 8, 7, 3] as Shape4, filter: [3, 3, 3, 4] as Shape4, strides: [1, 1] as [number, number], pad: 'same' as Pad },
    ]) {
      const dy = forwardShape(x, filter, strides, pad, [1, 1], false);
      const attrs = { strides, pad, dataFormat: 'NHWC', inputShape: x };
      const inputs = { dy: [values(sizeOf(dy)), dy], filter: [values(sizeOf(filter)), filter] } as Record<string, [number[], number[]]>;
      const error = await compareWithCpu('Conv2DBackpropInput', inputs, attrs);
      expect(error, JSON.stringify({ x, filter, strides })).toBeLessThan(1e-4);
    }
  });

  it("Tile matches the cpu backend's for float32, int32 and bool, short and long rows", async () => {
    for (const [shape, reps] of [
      [
        [1, 1, 1, 40],
        [3, 2, 4, 1],
      ],
      [
        [2, 3, 5],
        [2, 3, 2],
      ],
      [[4], [3]],
      [
        [2, 1, 3, 20],
        [1, 4, 2, 2],
      ],
    ] as const) {
      for (const dtype of ['float32', 'int32', 'bool'] as const) {
        const data = values(sizeOf(shape)).map((v) => (dtype === 'float32' ? v : dtype === 'int32' ? Math.round(v * 100) : Number(v > 0)));
        const results: unknown[] = [];
        for (const backend of ['cpu', 'wasm']) {
          tf.setBackend(backend);
          const input = tf.tensor(data, [...shape], dtype);
          const tiled = tf.tile(input, [...reps]);
          expect(tiled.shape).toEqual(shape.map((size, axis) => size * reps[axis]!));
          results.push(Array.from(await tiled.data()));
          tf.dispose([input, tiled]);
        }
        expect(results[1], `${dtype} ${JSON.stringify({ shape, reps })}`).toEqual(results[0]);
      }
    }
  });

  it('say clearly that channels-first convolutions are not handled', () => {
    const x = tf.zeros([1, 3, 4, 4]);
    const dy = tf.zeros([1, 2, 4, 4]);
    const attrs = { strides: [1, 1], pad: 'same', dataFormat: 'NCHW', filterShape: [1, 1, 3, 2] } as unknown as tf.NamedAttrMap;
    expect(() => tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, attrs)).toThrow(/channels-last only/);
    tf.dispose([x, dy]);
  });
});

/** A small MobileNetV2-like net: a strided 3×3 convolution, relu6, a depthwise 3×3, a 1×1 projection with a residual. */
function smallNetLoss(image: tf.Tensor4D, weights: tf.Tensor[]): tf.Scalar {
  const [stem, depthwise, expand, project] = weights as tf.Tensor4D[];
  const features = tf.relu6(tf.conv2d(image, stem!, 2, 'same'));
  const spatial = tf.relu6(tf.depthwiseConv2d(features, depthwise!, 1, 'same'));
  const projected = tf.conv2d(tf.conv2d(spatial, expand!, 1, 'valid'), project!, 1, 'valid');
  return tf.mean(tf.square(tf.add(projected, features)));
}

describe('the gradient of a small convolutional net', () => {
  const shapes = [
    [3, 3, 3, 8],
    [3, 3, 8, 1],
    [1, 1, 8, 16],
    [1, 1, 16, 8],
  ];
  const weightValues = shapes.map((shape) => values(sizeOf(shape)).map((v) => v * 0.5));
  const imageValues = values(2 * 12 * 12 * 3);

  async function gradientsOn(backend: string): Promise<Float32Array[]> {
    tf.setBackend(backend);
    const image = tf.tensor4d(imageValues, [2, 12, 12, 3]);
    const weights = weightValues.map((data, i) => tf.tensor(data, shapes[i]));
    const gradients = tf.grads((...all: tf.Tensor[]) => smallNetLoss(all[0] as tf.Tensor4D, all.slice(1)))([image, ...weights]);
    const read = await Promise.all(gradients.map(async (g) => (await g.data()) as Float32Array));
    tf.dispose([image, ...weights, ...gradients]);
    return read;
  }

  it("on wasm equals the cpu backend's, for the image and every filter", async () => {
    const expected = await gradientsOn('cpu');
    const actual = await gradientsOn('wasm');
    expect(actual).toHaveLength(5);
    actual.forEach((gradient, i) => {
      expect(relativeError(gradient, expected[i]!), `gradient ${i}`).toBeLessThan(1e-4);
    });
  });

  it('leaves no tensor and no wasm memory behind', async () => {
    tf.setBackend('wasm');
    await gradientsOn('wasm');
    const before = tf.memory();
    await gradientsOn('wasm');
    const after = tf.memory();
    expect(after.numTensors).toBe(before.numTensors);
    expect(after.numDataBuffers).toBe(before.numDataBuffers);
  });
});
