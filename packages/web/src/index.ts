// Platform
export { createWebPlatform, useWebPlatform } from './use-web-platform.js';
export type { WebPlatformOptions } from './use-web-platform.js';
export { selectWebBackend } from './select-web-backend.js';
export type { WebBackendName, WebBackendPreferences } from './select-web-backend.js';
export type { ContextLostEvent } from './webgl-context-lost.js';
export type { ProgressEventDetail, ProgressListener } from './console-progress.js';

// Files and images
export { readBytes } from './fetch-bytes.js';
export type { WebReadBytesOptions } from './fetch-bytes.js';
export { decodeImage } from './decode-image.js';
export { imageToTensor } from './image-to-tensor.js';
export type { PixelSource } from './image-to-tensor.js';
