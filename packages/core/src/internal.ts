// Plumbing shared by Dendrite's own packages. Not part of the public API: it may change in any release.
export { download, defaultMaxDownloadBytes, defaultStallTimeoutMs } from './download.js';
export type { DownloadOptions, FetchLike, FetchResponseLike } from './download.js';
export { describeValue, isBlobLike, isUrlLike } from './byte-source-guards.js';
export { selectBackend } from './backend-selection.js';
export type { BackendCandidate, BackendSelection, CandidateStart } from './backend-selection.js';
export { activateBackend, verifyActiveBackend } from './backend-activation.js';
export type { ActivateBackendOptions } from './backend-activation.js';
export { backendRegistration, checkedTfjsVersion, startedBackend } from './tfjs-internals.js';
export { describeNonImage, imageFormatNames, sniffImageFormat } from './image-format.js';
export type { ImageFormat } from './image-format.js';
export { startPlatform } from './start-platform.js';
export { discardCached } from './cached-download.js';
export { resolveManifestPath } from './manifest-paths.js';
export { verifiedCache } from './cached-download.js';
export type { VerifiedCache, VerifiedRead } from './cached-download.js';
