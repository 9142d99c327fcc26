import type * as tfl from '@tensorflow/tfjs-layers';
import { RandomBrightness } from '../layers/random-brightness.js';
import { RandomContrast } from '../layers/random-contrast.js';
import type { FlipMode } from '../layers/random-flip.js';
import { RandomFlip } from '../layers/random-flip.js';
import type { FillMode, Interpolation } from '../layers/random-image-layer.js';
import { RandomRotation } from '../layers/random-rotation.js';
import { RandomTranslation } from '../layers/random-translation.js';
import { RandomZoom } from '../layers/random-zoom.js';
import type { KerasLayerConfig } from './layer-config.js';

type Factor = number | [number, number];

function factor(config: KerasLayerConfig, key: string): Factor {
  const value = config.raw(key);
  if (typeof value === 'number') return value;
  if (Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'number')) return value as [number, number];
  throw config.unsupported(`has option ${key}=${JSON.stringify(value)}, not a number or a pair of numbers`);
}

function common(config: KerasLayerConfig): { name: string; trainable: boolean; seed: number | null } {
  config.channelsLast();
  const seed = config.optionalNumber('seed');
  return { name: config.name, trainable: config.trainable, seed: seed ?? null };
}

function affine(config: KerasLayerConfig): { fillMode: FillMode; interpolation: Interpolation; fillValue: number } {
  return {
    fillMode: config.string<FillMode>('fill_mode', 'reflect', ['reflect', 'wrap', 'constant', 'nearest']),
    interpolation: config.string<Interpolation>('interpolation', 'bilinear', ['bilinear', 'nearest']),
    fillValue: config.number('fill_value', 0),
  };
}

function valueRange(config: KerasLayerConfig): [number, number] {
  const value = config.raw('value_range') ?? [0, 255];
  if (!Array.isArray(value) || value.length !== 2 || !value.every((v) => typeof v === 'number'))
    throw config.unsupported(`has option value_range=${JSON.stringify(value)}, not two numbers`);
  return value as [number, number];
}

/** Builds a layer, and reports a bad option as Keras would refuse it, naming the layer. */
function build(config: KerasLayerConfig, make: () => tfl.layers.Layer): tfl.layers.Layer {
  let layer: tfl.layers.Layer;
  try {
    layer = make();
  } catch (error) {
    throw config.unsupported(error instanceof Error ? error.message : String(error));
  }
  config.finish();
  return layer;
}

/**
 * Keras's image augmentation layers, by class name, for the layer table.
 *
 * @internal
 */
export const augmentationTranslators: ReadonlyArray<[string, (config: KerasLayerConfig) => tfl.layers.Layer]> = [
  [
    'RandomFlip',
    (config) =>
      build(
        config,
        () =>
          new RandomFlip({
            ...common(config),
            mode: config.string<FlipMode>('mode', 'horizontal_and_vertical', ['horizontal', 'vertical', 'horizontal_and_vertical']),
          }),
      ),
  ],
  [
    'RandomRotation',
    (config) => build(config, () => new RandomRotation({ ...common(config), ...affine(config), factor: factor(config, 'factor') })),
  ],
  [
    'RandomZoom',
    (config) =>
      build(config, () => {
        const width = config.raw('width_factor');
        return new RandomZoom({
          ...common(config),
          ...affine(config),
          heightFactor: factor(config, 'height_factor'),
          widthFactor: width === null || width === undefined ? null : factor(config, 'width_factor'),
        });
      }),
  ],
  [
    'RandomTranslation',
    (config) =>
      build(
        config,
        () =>
          new RandomTranslation({
            ...common(config),
            ...affine(config),
            heightFactor: factor(config, 'height_factor'),
            widthFactor: factor(config, 'width_factor'),
          }),
      ),
  ],
  [
    'RandomContrast',
    (config) =>
      build(config, () => new RandomContrast({ ...common(config), factor: factor(config, 'factor'), valueRange: valueRange(config) })),
  ],
  [
    'RandomBrightness',
    (config) =>
      build(config, () => new RandomBrightness({ ...common(config), factor: factor(config, 'factor'), valueRange: valueRange(config) })),
  ],
];
