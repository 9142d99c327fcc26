import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import { buildModel } from './build-model.js';
import { UnsafeKerasObjectError, UnsupportedKerasLayerError } from './errors.js';
import { kerasLayerTable } from './layer-table.js';

const context = { source: 'test.keras', table: kerasLayerTable };

function functional(layer: Record<string, unknown>) {
  return {
    class_name: 'Functional',
    config: {
      name: 'm',
      layers: [
        { class_name: 'InputLayer', config: { name: 'in', batch_shape: [null, 8, 8, 3] }, inbound_nodes: [] },
        { ...layer, inbound_nodes: [{ args: [{ class_name: '__keras_tensor__', config: { keras_history: ['in', 0, 0] } }], kwargs: {} }] },
      ],
      input_layers: ['in', 0, 0],
      output_layers: [String((layer['config'] as { name: string }).name), 0, 0],
    },
  };
}

const conv = (extra: Record<string, unknown>) => ({
  module: 'keras.layers',
  class_name: 'Conv2D',
  config: { name: 'c', filters: 2, kernel_size: [3, 3], ...extra },
});

describe('buildModel', () => {
  it('builds a Keras 3 functional model with a single input written as [name, 0, 0]', () => {
    const model = buildModel(functional(conv({ padding: 'same' })), context);
    expect(model.outputs[0]?.shape).toEqual([null, 8, 8, 2]);
    model.dispose();
  });

  it.each([
    [{ data_format: 'channels_first' }, /data_format="channels_first"/],
    [{ groups: 2 }, /groups=2; only 1 is supported/],
    [{ padding: 'causal' }, /padding="causal"/],
    [{ kernel_regularizer: { class_name: 'L2', config: { l2: 0.01 } } }, /kernel_regularizer/],
    [{ activation: 'gelu' }, /activation "gelu"/],
    [{ brand_new_option: 1 }, /brand_new_option=1, which Dendrite does not know/],
    [{ dtype: 'mixed_float16' }, /computes in "mixed_float16"/],
  ])('refuses a Conv2D with %j, naming the layer and option', (extra, message) => {
    const error = (() => {
      try {
        buildModel(functional(conv(extra)), context);
        return undefined;
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(UnsupportedKerasLayerError);
    expect((error as UnsupportedKerasLayerError).layer).toBe('c');
    expect((error as Error).message).toMatch(message);
  });

  it('refuses a class from outside Keras as unsafe', () => {
    const layer = { module: 'my_project.layers', class_name: 'Conv2D', config: { name: 'c', filters: 2, kernel_size: 3 } };
    expect(() => buildModel(functional(layer), context)).toThrow(UnsafeKerasObjectError);
  });

  it('builds a custom class only with a translator the caller passed for it', () => {
    const layer = { module: 'my_project', class_name: 'Identity', registered_name: 'MyProject>Identity', config: { name: 'id' } };
    expect(() => buildModel(functional(layer), context)).toThrow(UnsafeKerasObjectError);
    const table = new Map(kerasLayerTable);
    table.set('MyProject>Identity', (config) => {
      config.finish();
      return tfl.layers.activation({ name: config.name, activation: 'linear' });
    });
    const model = buildModel(functional(layer), { ...context, table, extra: new Set(['MyProject>Identity']) });
    expect(model.getLayer('id').getClassName()).toBe('Activation');
    model.dispose();
  });
});
