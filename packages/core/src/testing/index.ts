// Helpers for tests of code built on Dendrite.

export { clearPlatform } from '../platform-registry.js';
export { expectNoLeakedTensors, TensorLeakError } from './expect-no-leaks.js';
export type { TransferLikeModelOptions } from './transfer-like-model.js';
export { disposeWithOptimizer, maxDifference, transferLikeData, transferLikeModel, weightValues } from './transfer-like-model.js';
