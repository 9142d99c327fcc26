// The pieces of the Node platform that Dendrite's own apps and packages use directly. Not part of
// the public API: it may change in any release.

export type { DecodeBmpOptions, DecodedBmp } from './bmp-decoder.js';
export { decodeBmp, isBmp } from './bmp-decoder.js';
export { decodeImagePixels, maxDecodedImageBytes, maxImagePixels } from './decode-image.js';
export { createDiskCache, defaultCacheFolder } from './disk-cache.js';
export { listDirectory } from './list-directory.js';
export { sha256Hex } from './sha256.js';
export type { ProgressStream } from './terminal-progress.js';
export { createTerminalProgress, formatPlainProgressLine, formatTerminalBar } from './terminal-progress.js';
export { writeBytes } from './write-bytes.js';
