import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidArgumentError } from '@dendrite/core';
import { useNodePlatform } from '@dendrite/node';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import * as tfl from '@tensorflow/tfjs-layers';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it, onTestFinished } from 'vitest';
import { loadKerasModel } from '../load/load-keras-model.js';
import { convolutionalModel, nestedModel, partlyFrozenModel, trainedBasicNetwork } from '../testing/example-models.js';
import { readHdf5 } from '../testing/read-hdf5.js';
import { KerasSaveUnsupportedError } from './errors.js';
import { encodeKerasModel, saveKerasModel } from './save-keras-model.js';

await useNodePlatform({ backend: 'cpu' });

// biome-ignore lint/suspicious/noExplicitAny: the parsed config.json and metadata.json, read by path in assertions
type Json = Record<string, any>;

async function openKeras(
  model: LayersModel,
): Promise<{ files: string[]; config: Json; metadata: Json; weights: Awaited<ReturnType<typeof readHdf5>> }> {
  const entries = unzipSync(await encodeKerasModel(model, { format: 'keras' }));
  return {
    files: Object.keys(entries).sort(),
    config: JSON.parse(strFromU8(entries['config.json']!)) as Json,
    metadata: JSON.parse(strFromU8(entries['metadata.json']!)) as Json,
    weights: await readHdf5(entries['model.weights.h5']!),
  };
}

function values(model: LayersModel, layerName: string, index: number): number[] {
  return Array.from(model.getLayer(layerName).getWeights()[index]!.dataSync());
}

function closeTo(actual: number[] | undefined, expected: number[]): void {
  expect(actual).toHaveLength(expected.length);
  actual!.forEach((value, i) => {
    expect(value).toBeCloseTo(expected[i]!, 6);
  });
}

describe('encodeKerasModel, .keras', () => {
  it("writes the course's basic network as Keras 3 writes a Sequential model: config, metadata, weights by class path", async () => {
    const model = await trainedBasicNetwork();
    const { files, config, metadata, weights } = await openKeras(model);
    expect(files).toEqual(['config.json', 'metadata.json', 'model.weights.h5']);
    expect(metadata['keras_version']).toBe('3.15.1');
    expect(config).toMatchObject({
      module: 'keras',
      class_name: 'Sequential',
      registered_name: null,
      build_config: { input_shape: [null, 1] },
    });
    const [input, hidden, output] = config['config'].layers as Json[];
    expect(input).toMatchObject({ class_name: 'InputLayer', config: { batch_shape: [null, 1], dtype: 'float32' } });
    expect(hidden).toMatchObject({
      module: 'keras.layers',
      class_name: 'Dense',
      config: { name: 'hidden', units: 8, activation: 'relu', use_bias: true },
      build_config: { input_shape: [null, 1] },
    });
    expect(output).toMatchObject({
      class_name: 'Dense',
      config: { name: 'output', units: 2, activation: 'softmax' },
      build_config: { input_shape: [null, 8] },
    });
    // Keras keys layers by class (dense, dense_1), not by name, and names them in an attribute.
    expect(weights.attributes['/layers/dense/vars']).toEqual({ name: 'hidden' });
    expect(weights.attributes['/layers/dense_1/vars']).toEqual({ name: 'output' });
    expect(weights.datasets['/layers/dense/vars/0']?.shape).toEqual([1, 8]);
    closeTo(weights.datasets['/layers/dense/vars/0']?.data, values(model, 'hidden', 0));
    closeTo(weights.datasets['/layers/dense_1/vars/1']?.data, values(model, 'output', 1));
    expect(weights.attributes['/vars']).toEqual({ name: 'basic_network' });
    model.dispose();
  });

  it('links a functional model’s layers with __keras_tensor__ inbound nodes and writes each layer’s variables in Keras’s order', async () => {
    const model = convolutionalModel();
    const { config, weights } = await openKeras(model);
    expect(config).toMatchObject({ module: 'keras.src.models.functional', class_name: 'Functional', registered_name: 'Functional' });
    const layers = config['config'].layers as Json[];
    const add = layers.find((layer) => layer['name'] === 'conv_base_add')!;
    expect(add['inbound_nodes']).toEqual([
      {
        args: [
          [
            {
              class_name: '__keras_tensor__',
              config: { shape: [null, 4, 4, 4], dtype: 'float32', keras_history: ['conv_base_relu', 0, 0] },
            },
            {
              class_name: '__keras_tensor__',
              config: { shape: [null, 4, 4, 4], dtype: 'float32', keras_history: ['conv_base_depthwise', 0, 0] },
            },
          ],
        ],
        kwargs: {},
      },
    ]);
    expect(layers.find((layer) => layer['name'] === 'conv_base_relu')?.['config']).toMatchObject({
      max_value: 6,
      negative_slope: 0,
      threshold: 0,
    });
    expect(layers.find((layer) => layer['name'] === 'conv_base_pad')?.['config']).toMatchObject({
      padding: [
        [0, 1],
        [0, 1],
      ],
      data_format: 'channels_last',
    });
    expect(config['config'].input_layers).toEqual(['conv_base_image', 0, 0]);
    expect(config['config'].output_layers).toEqual(['conv_base_dense', 0, 0]);
    // DepthwiseConv2D's kernel is `kernel` in Keras 3; BatchNormalization's four in creation order.
    expect(weights.datasets['/layers/depthwise_conv2d/vars/0']?.shape).toEqual([3, 3, 4, 1]);
    for (let i = 0; i < 4; i++) closeTo(weights.datasets[`/layers/batch_normalization/vars/${i}`]?.data, values(model, 'conv_base_bn', i));
    expect(weights.datasets['/layers/conv2d/vars/1']).toBeUndefined();
    expect(weights.attributes['/layers/input_layer/vars']).toEqual({ name: 'conv_base_image' });
    model.dispose();
  });

  it('nests a frozen functional model and a Sequential model as layers, numbering their calls within the outer model', async () => {
    const model = nestedModel();
    const { config, weights } = await openKeras(model);
    const layers = config['config'].layers as Json[];
    const features = layers.find((layer) => layer['name'] === 'features')!;
    expect(features).toMatchObject({
      class_name: 'Functional',
      registered_name: 'Functional',
      config: { name: 'features', trainable: false },
    });
    expect(
      (features['config'].layers as Json[]).every((layer) => layer['class_name'] === 'InputLayer' || layer['config'].trainable === false),
    ).toBe(true);
    const head = layers.find((layer) => layer['name'] === 'head')!;
    expect(head).toMatchObject({ module: 'keras', class_name: 'Sequential', config: { name: 'head', trainable: true } });
    expect(head['inbound_nodes'][0].args[0].config.keras_history).toEqual(['features', 0, 0]);
    closeTo(
      weights.datasets['/layers/functional/layers/batch_normalization/vars/2']?.data,
      values(model.getLayer('features') as LayersModel, 'base_bn', 2),
    );
    closeTo(
      weights.datasets['/layers/sequential/layers/dense/vars/0']?.data,
      values(model.getLayer('head') as LayersModel, 'head_dense', 0),
    );
    expect(weights.attributes['/layers/functional/vars']).toEqual({ name: 'features' });
    model.dispose();
  });
});

describe('encodeKerasModel, legacy .h5', () => {
  it('writes model_config and model_weights with layer_names and weight_names, trainable weights first as Keras reads them', async () => {
    const model = partlyFrozenModel();
    const file = await readHdf5(await encodeKerasModel(model, { format: 'h5' }));
    const root = file.attributes['/']!;
    expect(root['keras_version']).toBe('3.15.1');
    const modelConfig = JSON.parse(String(root['model_config'])) as Json;
    expect(modelConfig['class_name']).toBe('Functional');
    expect(modelConfig['module']).toBeUndefined();
    expect(
      (modelConfig['config'].layers as Json[]).every((layer) => layer['module'] === undefined && layer['build_config'] === undefined),
    ).toBe(true);
    expect(file.attributes['/model_weights']!['layer_names']).toEqual(['part_photo', 'part_features', 'part_head']);
    expect(file.attributes['/model_weights/part_features']!['weight_names']).toEqual([
      'part_depthwise/kernel',
      'part_depthwise/bias',
      'part_conv/kernel',
      'part_bn/gamma',
      'part_bn/beta',
      'part_bn/moving_mean',
      'part_bn/moving_variance',
    ]);
    expect(file.attributes['/model_weights/part_head']!['weight_names']).toEqual(['part_head/kernel', 'part_head/bias']);
    closeTo(file.datasets['/model_weights/part_head/part_head/kernel']?.data, values(model, 'part_head', 0));
    closeTo(
      file.datasets['/model_weights/part_features/part_bn/moving_variance']?.data,
      values(model.getLayer('part_features') as LayersModel, 'part_bn', 3),
    );
    model.dispose();
  });
});

describe('saveKerasModel', () => {
  it('writes the file through the platform, the format chosen by the extension', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'dendrite-save-'));
    onTestFinished(() => rmSync(folder, { recursive: true, force: true }));
    const model = convolutionalModel();
    const saved = await saveKerasModel(model, join(folder, 'model.keras'));
    expect(saved).toMatchObject({ path: join(folder, 'model.keras'), format: 'keras' });
    expect(saved.bytes).toBeGreaterThan(1000);
    expect((await saveKerasModel(model, join(folder, 'model.h5'))).format).toBe('h5');
    model.dispose();
  });

  it('refuses an unsupported layer with a typed error naming it, and writes nothing', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'dendrite-save-'));
    onTestFinished(() => rmSync(folder, { recursive: true, force: true }));
    const model = tfl.sequential({
      layers: [tfl.layers.dense({ units: 4, inputShape: [3], name: 'ok' }), tfl.layers.layerNormalization({ name: 'norm' })],
    });
    const error = await saveKerasModel(model, join(folder, 'rnn.keras')).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(KerasSaveUnsupportedError);
    expect(error).toMatchObject({ layer: 'norm', className: 'LayerNormalization', code: 'keras-save-unsupported' });
    expect((error as Error).message).toMatch(/'norm' \(LayerNormalization\).*Dense, Conv2D/);
    expect(existsSync(join(folder, 'rnn.keras'))).toBe(false);
    model.dispose();
  });

  it('refuses a regularizer rather than writing a model that Keras would train differently', async () => {
    const model = tfl.sequential({
      layers: [tfl.layers.dense({ units: 2, inputShape: [3], name: 'penalised', kernelRegularizer: tfl.regularizers.l2({ l2: 0.01 }) })],
    });
    await expect(encodeKerasModel(model, { format: 'keras' })).rejects.toMatchObject({
      layer: 'penalised',
      reason: expect.stringMatching(/kernelRegularizer/),
    });
    model.dispose();
  });

  it('refuses a path Keras would not load by its extension, and a format the extension contradicts', async () => {
    const model = convolutionalModel();
    await expect(saveKerasModel(model, 'model.json')).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(saveKerasModel(model, 'model.keras', { format: 'h5' })).rejects.toThrow(/ends in '.keras', but the format is 'h5'/);
    model.dispose();
  });

  it('leaves no tensor behind', async () => {
    const model = nestedModel();
    const before = tf.memory().numTensors;
    await encodeKerasModel(model, { format: 'keras' });
    await encodeKerasModel(model, { format: 'h5' });
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });
});

describe('saveKerasModel and loadKerasModel', () => {
  it.each(['keras', 'h5'] as const)(
    'read back a .%s written by Dendrite with the same predictions, for Sequential, functional and nested models',
    async (format) => {
      const models = [await trainedBasicNetwork(), convolutionalModel(), nestedModel(), partlyFrozenModel()];
      for (const model of models) {
        const shape = model.inputs[0]!.shape.map((size) => size ?? 3);
        const x = tf.randomUniform(shape, 0, 255, 'float32', 5);
        const loaded = await loadKerasModel(await encodeKerasModel(model, { format }), { name: `${model.name}.${format}` });
        const difference = tf.tidy(
          () => tf.max(tf.abs(tf.sub(model.predict(x) as tf.Tensor, loaded.predict(x) as tf.Tensor))).dataSync()[0]!,
        );
        expect(difference, model.name).toBeLessThan(1e-6);
        expect(loaded.countParams(), model.name).toBe(model.countParams());
        tf.dispose(x);
        loaded.dispose();
        model.dispose();
      }
    },
  );
});
