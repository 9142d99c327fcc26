// Platform

export type { ProgressEventDetail, ProgressListener } from './console-progress.js';
export { decodeImage } from './decode-image.js';
export type { WebReadBytesOptions } from './fetch-bytes.js';
// Files and images
export { readBytes } from './fetch-bytes.js';
export type { PixelSource } from './image-to-tensor.js';
export { imageToTensor } from './image-to-tensor.js';
export type { WebBackendName, WebBackendPreferences } from './select-web-backend.js';
export { selectWebBackend } from './select-web-backend.js';
export type { WebPlatformOptions } from './use-web-platform.js';
export { createWebPlatform, useWebPlatform } from './use-web-platform.js';
export type { ContextLostEvent } from './webgl-context-lost.js';
