// @dendrite/keras: Keras's own file formats (.keras, .h5, .weights.h5), read and written.

// Writing Keras files
export { encodeKerasModel, saveKerasModel } from './save/save-keras-model.js';
export type { EncodeKerasModelOptions, KerasFileFormat, SaveKerasModelOptions, SavedKerasModel } from './save/save-keras-model.js';
export { KerasSaveUnsupportedError } from './save/errors.js';
export { Hdf5WriteError } from './save/hdf5-writer.js';
