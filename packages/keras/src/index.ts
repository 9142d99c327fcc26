// @dendrite/keras: Keras's own file formats (.keras, .h5, .weights.h5), read and written.

export { KerasArchiveError } from './archive/errors.js';
export type { KerasArchiveLimits } from './archive/read-keras-archive.js';
export { KerasConfigError, UnsafeKerasObjectError, UnsupportedKerasLayerError } from './config/errors.js';
export { KerasLayerConfig } from './config/layer-config.js';
export type { KerasLayerTranslator } from './config/layer-table.js';
// Reading Keras files
export { KerasH5FormatError } from './h5/errors.js';
export type {
  InspectKerasH5Options,
  KerasH5Contents,
  KerasH5LayerInfo,
  KerasH5WeightInfo,
} from './h5/inspect-keras-h5.js';
export { inspectKerasH5 } from './h5/inspect-keras-h5.js';
export type { ReadKerasH5WeightsOptions } from './h5/read-keras-h5-weights.js';
export { readKerasH5Weights } from './h5/read-keras-h5-weights.js';
export type { RandomBrightnessArgs } from './layers/random-brightness.js';
export { RandomBrightness } from './layers/random-brightness.js';
export type { RandomContrastArgs } from './layers/random-contrast.js';
export { RandomContrast } from './layers/random-contrast.js';
export type { FlipMode, RandomFlipArgs } from './layers/random-flip.js';
// Keras layers, losses, metric and optimizer: the augmentation layers (random while training,
// identity otherwise) and the Keras spellings of binary cross-entropy, binary accuracy and RMSprop.
export { RandomFlip } from './layers/random-flip.js';
export type { AffineArgs, FillMode, Interpolation, RandomLayerArgs } from './layers/random-image-layer.js';
export type { RandomRotationArgs } from './layers/random-rotation.js';
export { RandomRotation } from './layers/random-rotation.js';
export type { RandomTranslationArgs } from './layers/random-translation.js';
export { RandomTranslation } from './layers/random-translation.js';
export type { RandomZoomArgs } from './layers/random-zoom.js';
export { RandomZoom } from './layers/random-zoom.js';
export { registerAugmentationLayers } from './layers/register-augmentation-layers.js';
export { KerasWeightsMismatchError } from './load/errors.js';
export type { InspectKerasWeightsOptions, KerasFileFormat, KerasWeightsInfo } from './load/inspect-keras-weights.js';
export { inspectKerasWeights } from './load/inspect-keras-weights.js';
export type { LoadKerasModelOptions } from './load/load-keras-model.js';
export { loadKerasModel } from './load/load-keras-model.js';
export type { LoadKerasWeightsResult } from './load/load-keras-weights.js';
export { loadKerasWeights } from './load/load-keras-weights.js';
export type { LoadKerasWeightsOptions } from './load/load-options.js';
export type { KerasFileSource } from './load/read-source.js';
export type { BinaryAccuracyOptions, BinaryCrossentropyOptions, KerasLossOrMetric, RMSpropOptions } from './losses/keras-losses.js';
export { BinaryAccuracy, BinaryCrossentropy, RMSprop } from './losses/keras-losses.js';
export { KerasSaveUnsupportedError } from './save/errors.js';
export { Hdf5WriteError } from './save/hdf5-writer.js';
export type { EncodeKerasModelOptions, KerasSaveFormat, SavedKerasModel, SaveKerasModelOptions } from './save/save-keras-model.js';
// Writing Keras files
export { encodeKerasModel, saveKerasModel } from './save/save-keras-model.js';
// TensorFlow's MobileNetV2 tutorial's two phases: augmentation in front of a model, then fine-tuning its top.
export type { FineTuningOptions } from './transfer/fine-tuning.js';
export { prepareFineTuning, withAugmentation } from './transfer/fine-tuning.js';
