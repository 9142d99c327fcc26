// @dendrite/keras: Keras's own file formats (.keras, .h5, .weights.h5), read and written.
export {};
