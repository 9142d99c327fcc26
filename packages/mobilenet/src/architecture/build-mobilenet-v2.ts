import type { LayersModel } from '@tensorflow/tfjs-layers';
import * as tfl from '@tensorflow/tfjs-layers';
import type { MobileNetV2ArchitectureOptions, ResolvedArchitecture } from '../mobilenet-v2-options.js';
import { resolveArchitecture } from '../mobilenet-v2-options.js';
import type { InvertedResidualSpec } from './inverted-residual-block.js';
import { invertedResidualBlock } from './inverted-residual-block.js';
import { applyLayer, batchNorm, conv2d, dense, relu6 } from './layers.js';
import { makeDivisible } from './make-divisible.js';

// The 17 inverted residual blocks of the MobileNetV2 paper (table 2), block 0 first.
const BLOCKS: readonly InvertedResidualSpec[] = [
  { filters: 16, stride: 1, expansion: 1 },
  { filters: 24, stride: 2, expansion: 6 },
  { filters: 24, stride: 1, expansion: 6 },
  { filters: 32, stride: 2, expansion: 6 },
  { filters: 32, stride: 1, expansion: 6 },
  { filters: 32, stride: 1, expansion: 6 },
  { filters: 64, stride: 2, expansion: 6 },
  { filters: 64, stride: 1, expansion: 6 },
  { filters: 64, stride: 1, expansion: 6 },
  { filters: 64, stride: 1, expansion: 6 },
  { filters: 96, stride: 1, expansion: 6 },
  { filters: 96, stride: 1, expansion: 6 },
  { filters: 96, stride: 1, expansion: 6 },
  { filters: 160, stride: 2, expansion: 6 },
  { filters: 160, stride: 1, expansion: 6 },
  { filters: 160, stride: 1, expansion: 6 },
  { filters: 320, stride: 1, expansion: 6 },
];

/** Builds the model from checked options. @internal */
export function buildFromArchitecture(architecture: ResolvedArchitecture): LayersModel {
  const { alpha, rows, cols, channels } = architecture;
  const input = tfl.input({ name: 'input_1', shape: [rows, cols, channels] });

  let x = applyLayer(conv2d('Conv1', makeDivisible(32 * alpha, 8), 3, 2, 'same'), input);
  x = applyLayer(batchNorm('bn_Conv1'), x);
  x = applyLayer(relu6('Conv1_relu'), x);
  BLOCKS.forEach((spec, blockId) => {
    x = invertedResidualBlock(x, spec, alpha, blockId);
  });
  // Only wider models widen the last convolution; narrower ones keep 1280 features.
  const lastFilters = alpha > 1.0 ? makeDivisible(1280 * alpha, 8) : 1280;
  x = applyLayer(conv2d('Conv_1', lastFilters, 1, 1, 'same'), x);
  x = applyLayer(batchNorm('Conv_1_bn'), x);
  x = applyLayer(relu6('out_relu'), x);

  if (architecture.includeTop) {
    x = applyLayer(tfl.layers.globalAveragePooling2d({ name: 'global_average_pooling2d' }), x);
    x = applyLayer(dense('predictions', architecture.classes, architecture.classifierActivation), x);
  } else if (architecture.pooling === 'avg') {
    x = applyLayer(tfl.layers.globalAveragePooling2d({ name: 'global_average_pooling2d' }), x);
  } else if (architecture.pooling === 'max') {
    x = applyLayer(tfl.layers.globalMaxPooling2d({ name: 'global_max_pooling2d' }), x);
  }
  return tfl.model({ inputs: input, outputs: x, name: `mobilenetv2_${alpha.toFixed(2)}_${rows}` });
}

/**
 * Builds Keras's MobileNetV2 architecture, randomly initialised, synchronously. Layer names, order,
 * types, padding and shapes are Keras's, so Keras and TF.js weights load into it by name (see
 * {@link MobileNetV2} to build and load weights in one call).
 *
 * @param options - alpha, input shape, top, pooling, classes and classifier activation, as in Keras
 * @returns a new tfjs-layers model; the caller owns it (call `dispose()` when done)
 * @throws InvalidArgumentError when an option is out of range
 * @category Models
 * @example
 * ```ts
 * const model = buildMobileNetV2({ alpha: 1.0, inputShape: [224, 224, 3] });
 * console.log(model.countParams()); // 3538984
 * model.dispose();
 * ```
 */
export function buildMobileNetV2(options: MobileNetV2ArchitectureOptions = {}): LayersModel {
  return buildFromArchitecture(resolveArchitecture(options));
}
