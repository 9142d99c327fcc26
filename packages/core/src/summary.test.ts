import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { InvalidArgumentError } from './errors.js';
import type { Platform } from './platform.js';
import { clearPlatform, setPlatform } from './platform-registry.js';
import { summary, summaryTable } from './summary.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

afterEach(() => {
  clearPlatform();
  vi.restoreAllMocks();
});

function courseModel(names?: { model: string; layers: [string, string] }): tfl.Sequential {
  return tfl.sequential({
    ...(names ? { name: names.model } : {}),
    layers: [
      tfl.layers.dense({ units: 8, activation: 'relu', inputShape: [1], ...(names ? { name: names.layers[0] } : {}) }),
      tfl.layers.dense({ units: 2, activation: 'softmax', ...(names ? { name: names.layers[1] } : {}) }),
    ],
  });
}

function quiet(): { print: (line: string) => void; lines: string[] } {
  const lines: string[] = [];
  return { print: (line) => lines.push(line), lines };
}

describe('summary', () => {
  it("prints the course model as Keras 2 does, 16 + 18 = 34 params, and returns the same text", () => {
    const model = courseModel({ model: 'sequential', layers: ['dense', 'dense_1'] });
    const out = quiet();
    const text = summary(model, { print: out.print });
    expect(text).toBe(
      [
        'Model: "sequential"',
        '_________________________________________________________________',
        'Layer (type)                 Output Shape              Param #   ',
        '=================================================================',
        'dense (Dense)                (None, 8)                 16        ',
        '_________________________________________________________________',
        'dense_1 (Dense)              (None, 2)                 18        ',
        '=================================================================',
        'Total params: 34',
        'Trainable params: 34',
        'Non-trainable params: 0',
        '_________________________________________________________________',
      ].join('\n'),
    );
    expect(out.lines.join('\n')).toBe(text);
    model.dispose();
  });

  it("shows tfjs-layers' own names when none are given", () => {
    const model = courseModel();
    const text = summary(model, { print: () => undefined });
    expect(text).toMatch(/^Model: "sequential_\d+"$/m);
    expect(text).toMatch(/^dense_Dense\d+ \(Dense\) {7,}\(None, 8\) {17}16 {8}$/m);
    model.dispose();
  });

  it('adds Connected to for a branched functional model and counts batch-norm statistics as non-trainable', () => {
    const input = tfl.input({ shape: [4], name: 'in' });
    const left = tfl.layers.dense({ units: 3, name: 'left' }).apply(input) as tfl.SymbolicTensor;
    const right = tfl.layers.dense({ units: 3, name: 'right' }).apply(input) as tfl.SymbolicTensor;
    const sum = tfl.layers.add({ name: 'sum' }).apply([left, right]) as tfl.SymbolicTensor;
    const norm = tfl.layers.batchNormalization({ name: 'norm' }).apply(sum) as tfl.SymbolicTensor;
    const model = tfl.model({ inputs: input, outputs: norm, name: 'branched' });
    const rule = '_'.repeat(98);
    expect(summary(model, { print: () => undefined }).split('\n')).toEqual([
      'Model: "branched"',
      rule,
      'Layer (type)                    Output Shape         Param #     Connected to                     ',
      '='.repeat(98),
      'in (InputLayer)                 [(None, 4)]          0                                            ',
      rule,
      'left (Dense)                    (None, 3)            15          in[0][0]                         ',
      rule,
      'right (Dense)                   (None, 3)            15          in[0][0]                         ',
      rule,
      'sum (Add)                       (None, 3)            0           left[0][0]                       ',
      '                                                                 right[0][0]                      ',
      rule,
      'norm (BatchNormalization)       (None, 3)            12          sum[0][0]                        ',
      '='.repeat(98),
      'Total params: 42',
      'Trainable params: 36',
      'Non-trainable params: 6',
      rule,
    ]);
    model.dispose();
  });

  it('keeps the plain layout for a functional chain, with its input layer', () => {
    const input = tfl.input({ shape: [1], name: 'x' });
    const hidden = tfl.layers.dense({ units: 8, name: 'hidden' }).apply(input) as tfl.SymbolicTensor;
    const model = tfl.model({ inputs: input, outputs: hidden, name: 'chain' });
    const table = summaryTable(model);
    expect(table.connected).toBe(false);
    expect(summary(model, { print: () => undefined }).split('\n').slice(2, 7)).toEqual([
      'Layer (type)                 Output Shape              Param #   ',
      '=================================================================',
      'x (InputLayer)               [(None, 1)]               0         ',
      '_________________________________________________________________',
      'hidden (Dense)               (None, 8)                 16        ',
    ]);
    model.dispose();
  });

  it('counts a frozen layer as non-trainable, writes nested models as Functional and shared layers as multiple', () => {
    const baseInput = tfl.input({ shape: [4], name: 'base_in' });
    const baseOut = tfl.layers.dense({ units: 5, name: 'base_dense' }).apply(baseInput) as tfl.SymbolicTensor;
    const base = tfl.model({ inputs: baseInput, outputs: baseOut, name: 'base' });
    base.trainable = false;
    const shared = tfl.layers.dense({ units: 2, name: 'shared' });
    const a = tfl.input({ shape: [5], name: 'a' });
    const b = tfl.input({ shape: [3, 5], name: 'b' });
    const x = tfl.input({ shape: [4], name: 'x' });
    const features = base.apply(x) as tfl.SymbolicTensor;
    const outA = shared.apply(a) as tfl.SymbolicTensor;
    const outB = shared.apply(b) as tfl.SymbolicTensor;
    const outF = shared.apply(features) as tfl.SymbolicTensor;
    const model = tfl.model({ inputs: [x, a, b], outputs: [outF, outA, outB], name: 'outer' });
    const table = summaryTable(model);
    const byName = new Map(table.rows.map((row) => [row.name, row]));
    expect(byName.get('base')).toMatchObject({ className: 'Functional', outputShape: { shape: [null, 5] }, params: 25 });
    expect(byName.get('shared')).toMatchObject({ outputShape: { text: 'multiple' }, params: 12 });
    expect(byName.get('shared')?.connections).toEqual(['a[0][0]', 'b[0][0]', 'base[1][0]']);
    expect(table).toMatchObject({ connected: true, trainableParams: 12, nonTrainableParams: 25 });
    expect(summary(model, { print: () => undefined })).toContain('shared (Dense)                  multiple             12          a[0][0]');
    model.dispose();
  });

  it('refuses a model without layers', () => {
    expect(() => summary(tfl.sequential(), { print: () => undefined })).toThrow(InvalidArgumentError);
    expect(() => summary(tfl.sequential(), { print: () => undefined })).toThrow(/has no layers.*inputShape/);
  });

  it("prints through the platform when one is set, else through console.log", () => {
    const model = courseModel();
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    summary(model);
    expect(log).toHaveBeenCalledTimes(12);
    expect(log.mock.calls[8]).toEqual(['Total params: 34']);

    const printed: string[] = [];
    setPlatform({ name: 'test', print: (line: string) => printed.push(line) } as unknown as Platform);
    summary(model);
    expect(printed).toHaveLength(12);
    expect(log).toHaveBeenCalledTimes(12);
    model.dispose();
  });

  it('creates no tensors', () => {
    const model = courseModel();
    const before = tf.memory().numTensors;
    summary(model, { print: () => undefined });
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });
});

describe('summary layerRange', () => {
  it('shows only the layers Keras’s layer_range keeps, with the whole model’s totals', () => {
    const model = tfl.sequential({
      layers: [
        tfl.layers.dense({ inputShape: [1], units: 8, name: 'first' }),
        tfl.layers.dense({ units: 4, name: 'middle' }),
        tfl.layers.dense({ units: 2, name: 'last' }),
      ],
    });
    const lines = summary(model, { layerRange: ['middle', 'last'], print: () => undefined }).split('\n');
    expect(lines.filter((line) => /^\w+ \(Dense\)/.test(line)).map((line) => line.split(' ')[0])).toEqual(['middle', 'last']);
    expect(lines).toContain('Total params: 62');
    expect(() => summary(model, { layerRange: ['last', 'first'], print: () => undefined })).toThrow(/names no run of layers/);
    model.dispose();
  });
});
