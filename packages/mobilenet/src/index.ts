// Models
export { buildMobileNetV2 } from './architecture/build-mobilenet-v2.js';
export type { ClassifyOptions } from './classify.js';
export { classify } from './classify.js';
export type { DecodePredictionsOptions, ImageNetPrediction } from './decode-predictions.js';
export { decodePredictions } from './decode-predictions.js';
// Errors
export { WeightsFileError, WeightsMismatchError } from './errors.js';
export type { EvaluateOptions, Evaluation, MisclassifiedExample } from './explain/evaluate.js';
export { evaluate } from './explain/evaluate.js';
export type { ImageNetClass, ImageNetClassIndex, LoadImageNetClassIndexOptions } from './imagenet-class-index.js';
export { embeddedImageNetClassIndex, KERAS_IMAGENET_CLASS_INDEX_URL, loadImageNetClassIndex } from './imagenet-class-index.js';
export type { InferenceModel, OptimizeForInferenceOptions } from './inference/inference-model.js';
export type { ExportOnnxOptions } from './inference/onnx/export-onnx.js';
export { exportOnnx } from './inference/onnx/export-onnx.js';
export { optimizeForInference } from './inference/optimize-for-inference.js';
export { UnsupportedLayerError } from './inference/unsupported-layer-error.js';
export { MobileNetV2 } from './mobilenet-v2.js';
export type {
  ClassifierActivation,
  MobileNetV2ArchitectureOptions,
  MobileNetV2Options,
  MobileNetV2Pooling,
  MobileNetV2Weights,
} from './mobilenet-v2-options.js';
// Images
export { preprocessInput } from './preprocess-input.js';
export { transferClassNames } from './transfer/class-names.js';
export type { ExtractedFeatures, ExtractFeaturesOptions, FeatureProgress } from './transfer/extract-features.js';
export { extractFeatures } from './transfer/extract-features.js';
// Training (transfer learning)
export { loadModel, saveModel } from './transfer/model-folder.js';
export { transferHead } from './transfer/transfer-head.js';
export type { TransferLearnOptions, TransferLearnResult } from './transfer/transfer-learn.js';
export { transferLearn } from './transfer/transfer-learn.js';
export type { TransferModelOptions } from './transfer/transfer-model.js';
export { transferModel } from './transfer/transfer-model.js';
// Weights
export type { ImagenetWeightsKey, WeightsFormat, WeightsSource } from './weights/imagenet-weights.js';
export type { AssignNamedWeightsOptions, AssignNamedWeightsResult } from './weights/named-weights.js';
export { assignNamedWeights } from './weights/named-weights.js';
