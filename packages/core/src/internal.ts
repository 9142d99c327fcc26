// Plumbing shared by Dendrite's own packages. Not part of the public API: it may change in any release.
export { download, defaultMaxDownloadBytes, defaultStallTimeoutMs } from './download.js';
export type { DownloadOptions, FetchLike, FetchResponseLike } from './download.js';
export { describeValue, isBlobLike, isUrlLike } from './byte-source-guards.js';
