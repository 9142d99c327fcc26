// Platform
export { createNodePlatform, useNodePlatform } from './use-node-platform.js';
export type { NodePlatformOptions } from './use-node-platform.js';
export { selectNodeBackend } from './backends/select-backend.js';
export { nodeBackendNames } from './backends/node-backend-candidates.js';
export type { NodeBackendName } from './backends/node-backend-candidates.js';

// Files and downloads
export { readBytes } from './read-bytes.js';
export type { NodeReadBytesOptions } from './read-bytes.js';
export { createDiskCache, defaultCacheFolder } from './disk-cache.js';
export { sha256Hex } from './sha256.js';
export { listDirectory } from './list-directory.js';
export { writeBytes } from './write-bytes.js';

// Images
export { decodeImage, maxImagePixels } from './decode-image.js';
export { decodeBmp, isBmp } from './bmp-decoder.js';
export type { DecodeBmpOptions, DecodedBmp } from './bmp-decoder.js';

// Terminal
export { createTerminalProgress, formatPlainProgressLine, formatTerminalBar } from './terminal-progress.js';
export type { ProgressStream } from './terminal-progress.js';
