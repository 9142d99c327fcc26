// @dendrite/keras: Keras's own file formats (.keras, .h5, .weights.h5), read and written.

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
