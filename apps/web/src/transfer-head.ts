import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel, SymbolicTensor } from '@tensorflow/tfjs-layers';
import * as tfl from '@tensorflow/tfjs-layers';

/** The three views of one transfer-learning model, which share the head's weights. */
export interface TransferModels {
  /** Images (preprocessed) in, the base's 1280 pooled features out; frozen. */
  readonly features: LayersModel;
  /** Features in, class probabilities out: the only part that trains. */
  readonly head: LayersModel;
  /** Images in, class probabilities out: the base and the trained head, for predicting and saving. */
  readonly full: LayersModel;
  /** Frees the head's weights (the base is shared and stays). */
  dispose(): void;
}

/**
 * The course's transfer learning, the fast way: a new Dense softmax layer on the output of the
 * base's second-to-last layer (the pooled features), trained on features the frozen base computes
 * once per photo.
 *
 * @param base - MobileNetV2 with its ImageNet top; its layers are left as they are
 * @param classes - how many classes the head tells apart
 * @param seed - seed of the head's initial weights
 */
export function transferModels(base: LayersModel, classes: number, seed: number): TransferModels {
  const pooled = base.layers[base.layers.length - 2]!.output as SymbolicTensor;
  const dense = tfl.layers.dense({
    units: classes,
    activation: 'softmax',
    name: 'new_classes',
    kernelInitializer: tfl.initializers.glorotUniform({ seed }),
  });
  const features = tfl.model({ inputs: base.inputs, outputs: pooled, name: 'features' });
  const full = tfl.model({ inputs: base.inputs, outputs: dense.apply(pooled) as SymbolicTensor, name: 'transfer' });
  for (const layer of full.layers) layer.trainable = layer === dense;
  const input = tfl.input({ shape: [pooled.shape[1]!], name: 'pooled_features' });
  const head = tfl.model({ inputs: input, outputs: dense.apply(input) as SymbolicTensor, name: 'head' });
  head.compile({ optimizer: tf.train.adam(0.001), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
  return {
    features,
    head,
    full,
    dispose: () => {
      (head.optimizer as tf.Optimizer | undefined)?.dispose();
      head.dispose();
      // The layer was applied twice (full and head); this frees its weights.
      dense.dispose();
    },
  };
}
