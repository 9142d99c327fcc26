import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import '@tensorflow/tfjs-backend-cpu';
import { describe, expect, it } from 'vitest';
import { kerasModelConfig, legacyModelConfig } from './keras-model-config.js';
import { convolutionalModel, nestedModel } from '../testing/example-models.js';
import * as tfl from '@tensorflow/tfjs-layers';

// The fixtures are the config.json that Keras 3.15.1 itself writes for the same architectures with
// the same layer names (src/testing/make_save_fixtures.py), so these tests need no Python.
function keras(name: string, format: 'keras' | 'h5' = 'keras'): unknown {
  return JSON.parse(readFileSync(fileURLToPath(new URL(`./fixtures/${name}.${format}-config.json`, import.meta.url)), 'utf8'));
}

// What Dendrite leaves to Keras's defaults: how a fresh layer would start or be penalised (tfjs
// names these differently and they never change a saved model's predictions), settings Keras 3
// added that tfjs-layers has no equal of (all at their defaults here), and Keras's object ids.
const LEFT_TO_KERAS = /(_initializer|_regularizer|_constraint)$|^(quantization_config|shared_object_id|compile_config|synchronized|renorm|renorm_clipping|renorm_momentum|build_input_shape)$/;

// Keras also records call arguments left at their defaults (`mask: null`, `training: false`), and
// names a Sequential model's input after the model where tfjs-layers names it after the first layer.
const IGNORED = [/\.inbound_nodes\[\d+\]\.kwargs\.(mask|training): only in Keras$/, /^\.config(\.layers\[\d+\]\.config)?\.layers\[0\]\.config\.name: "\w+" vs "\w+"$/];

/** Every place where `ours` differs from what Keras wrote, as `path: ours vs keras`. */
function differences(ours: unknown, theirs: unknown, path = ''): string[] {
  if (typeof ours === 'number' && typeof theirs === 'number') return Math.abs(ours - theirs) <= 1e-12 * Math.max(1, Math.abs(theirs)) ? [] : [`${path}: ${ours} vs ${theirs}`];
  if (Array.isArray(ours) && Array.isArray(theirs)) {
    if (ours.length !== theirs.length) return [`${path}: ${ours.length} items vs ${theirs.length}`];
    return ours.flatMap((item, i) => differences(item, theirs[i], `${path}[${i}]`));
  }
  if (typeof ours === 'object' && ours !== null && typeof theirs === 'object' && theirs !== null && !Array.isArray(ours) && !Array.isArray(theirs)) {
    const a = ours as Record<string, unknown>;
    const b = theirs as Record<string, unknown>;
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((key) => !LEFT_TO_KERAS.test(key));
    return keys.flatMap((key) => (key in a && key in b ? differences(a[key], b[key], `${path}.${key}`) : [`${path}.${key}: ${key in a ? 'only in ours' : 'only in Keras'}`]));
  }
  return ours === theirs ? [] : [`${path}: ${JSON.stringify(ours)} vs ${JSON.stringify(theirs)}`];
}

function basicNetwork(): LayersModel {
  return tfl.sequential({
    name: 'basic_network',
    layers: [tfl.layers.dense({ units: 8, activation: 'relu', inputShape: [1], name: 'hidden' }), tfl.layers.dense({ units: 2, activation: 'softmax', name: 'output' })],
  });
}

describe('kerasModelConfig', () => {
  it.each([
    ['basic', basicNetwork],
    ['conv', () => convolutionalModel()],
    ['nested', () => nestedModel()],
  ] as const)('writes for the %s model the config Keras 3.15.1 writes for it', (name, build) => {
    const model = build();
    expect(differences(kerasModelConfig(model), keras(name)).filter((line) => !IGNORED.some((pattern) => pattern.test(line)))).toEqual([]);
    model.dispose();
  });

  it.each([
    ['basic', basicNetwork],
    ['conv', () => convolutionalModel()],
    ['nested', () => nestedModel()],
  ] as const)('writes for the %s model the model_config Keras 3.15.1 puts in a legacy .h5', (name, build) => {
    const model = build();
    expect(differences(legacyModelConfig(kerasModelConfig(model)), keras(name, 'h5')).filter((line) => !IGNORED.some((pattern) => pattern.test(line)))).toEqual([]);
    model.dispose();
  });
});
