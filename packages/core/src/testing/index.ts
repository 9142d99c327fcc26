// Helpers for tests of code built on Dendrite.
export { expectNoLeakedTensors, TensorLeakError } from './expect-no-leaks.js';
export { clearPlatform } from '../platform-registry.js';
