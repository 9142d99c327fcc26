// Platform
export { createNodePlatform, useNodePlatform } from './use-node-platform.js';
export type { NodePlatformOptions } from './use-node-platform.js';
export { selectNodeBackend } from './backends/select-backend.js';
export { nodeBackendNames } from './backends/node-backend-candidates.js';
export type { NodeBackendName } from './backends/node-backend-candidates.js';

// Files and images
export { readBytes } from './read-bytes.js';
export type { NodeReadBytesOptions } from './read-bytes.js';
export { decodeImage } from './decode-image.js';
export type { ProgressStream } from './terminal-progress.js';
