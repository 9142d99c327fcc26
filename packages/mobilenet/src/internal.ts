// Plumbing shared by Dendrite's own packages and apps: not part of the public API, not documented,
// and free to change between minor versions. Users import from '@dendrite/mobilenet'.

// Class index and model folders
export { parseImageNetClassIndex } from './imagenet-class-index.js';
export { runFrozenPartsOptimized } from './inference/frozen-part-planner.js';
export type { FrozenSplit } from './transfer/frozen-base.js';
// Transfer learning
export { splitFrozenBase } from './transfer/frozen-base.js';
export { modelFolder } from './transfer/model-folder.js';
export { imagenetWeightSource, imagenetWeightSources, imagenetWeightsName } from './weights/imagenet-weights.js';
export type { LayersModelJsonOptions } from './weights/layers-model-json.js';
export { loadLayersModelJsonWeights, readLayersModelJsonWeights } from './weights/layers-model-json.js';
export type { AssignNamedWeightsOptions, AssignNamedWeightsResult } from './weights/named-weights.js';
// Weights
