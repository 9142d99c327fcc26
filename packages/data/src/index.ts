// Synthetic data
export { thresholdData, thresholdDataset } from './threshold-dataset.js';
export type { ThresholdData, ThresholdDatasetOptions } from './threshold-dataset.js';

// Images
export { imageBatches } from './images/image-batches.js';
export type {
  ImageBatchesOptions,
  ImageLoadProgress,
  ImageSize,
  LoadImageOptions,
  LoadImagesOptions,
  ResizeMode,
} from './images/image-options.js';
export { loadImage } from './images/load-image.js';
export { loadImages } from './images/load-images.js';
export { resizeImage } from './images/resize-image.js';
