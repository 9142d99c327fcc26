// The pieces of the web platform that Dendrite's own apps and packages use directly. Not part of
// the public API: it may change in any release.
export { createCacheStorageCache } from './cache-storage-cache.js';
export type { CacheStorageCacheOptions } from './cache-storage-cache.js';
export { createEventProgress } from './console-progress.js';
export { sha256Hex } from './sha256.js';
