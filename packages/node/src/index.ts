// Platform

export type { NodeBackendName } from './backends/node-backend-candidates.js';
export { nodeBackendNames } from './backends/node-backend-candidates.js';
export { selectNodeBackend } from './backends/select-backend.js';
export { decodeImage } from './decode-image.js';
export type { NodeReadBytesOptions } from './read-bytes.js';

// Files and images
export { readBytes } from './read-bytes.js';
export type { ProgressStream } from './terminal-progress.js';
export type { NodePlatformOptions } from './use-node-platform.js';
export { createNodePlatform, useNodePlatform } from './use-node-platform.js';
