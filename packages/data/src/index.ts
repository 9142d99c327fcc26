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
  ResizeOptions,
} from './images/image-options.js';
export type { Interpolation } from './images/interpolation.js';
export { loadImage } from './images/load-image.js';
export { loadImages } from './images/load-images.js';
export { resizeImage } from './images/resize-image.js';

// Labelled image datasets
export { ImageDataset, imageDatasetFromExamples } from './datasets/image-dataset.js';
export type { ImageDatasetFromExamplesOptions } from './datasets/image-dataset.js';
export { imageDatasetFromDirectory } from './datasets/image-dataset-from-directory.js';
export type {
  DirectoryDataset,
  DirectoryDatasets,
  ImageDatasetFromDirectoryOptions,
} from './datasets/image-dataset-from-directory.js';
export type { Subset } from './datasets/keras-validation-split.js';
export { imageDatasetFromFiles } from './datasets/image-dataset-from-files.js';
export type { FileNameRule, ImageFileSource, NamedFile } from './datasets/image-dataset-from-files.js';
export { stratifiedSplit } from './datasets/stratified-split.js';
export type { DatasetSplit, StratifiedSplitOptions, ValidationSplit } from './datasets/stratified-split.js';
export type {
  DatasetWarning,
  ImageDatasetBatch,
  ImageDatasetBatchesOptions,
  ImageDatasetDefaults,
  ImageDatasetExample,
  ImageDatasetLoadOptions,
  LabelledImage,
  LabelMode,
  LabelsFor,
  LoadedImageDataset,
  SkippedImage,
} from './datasets/image-dataset-types.js';
export { EmptyDatasetError } from './datasets/dataset-errors.js';
