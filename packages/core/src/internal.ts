// Plumbing shared by Dendrite's own packages and apps: not part of the public API, not documented,
// and free to change between minor versions. Users import from '@dendrite/core'.

export { AUGMENTATION_LAYERS } from './augmentation-layer-names.js';
export type { ActivateBackendOptions } from './backend-activation.js';
export { activateBackend, verifyActiveBackend } from './backend-activation.js';
export type { BackendCandidate, BackendSelection, CandidateStart } from './backend-selection.js';
export { selectBackend } from './backend-selection.js';
export { describeValue, isBlobLike, isUrlLike } from './byte-source-guards.js';
export type { DownloadCachedOptions, VerifiedCache, VerifiedRead } from './cached-download.js';
// Platform plumbing
export { discardCached, downloadCached, verifiedCache } from './cached-download.js';
export { CallbackList } from './callbacks.js';
// Evaluation display
export { defaultPrint } from './default-print.js';
export type { DenseClassifierOptions } from './dense-classifier.js';
// Training plumbing
export { denseClassifier } from './dense-classifier.js';
export type { DownloadOptions, FetchLike, FetchResponseLike } from './download.js';
// Downloads, caches, backends and images, shared by the platform packages
export { defaultMaxDownloadBytes, defaultStallTimeoutMs, download } from './download.js';
export type { FitReporter, FitReporterOptions } from './fit-reporter.js';
export { createFitReporter } from './fit-reporter.js';
export { jetColor } from './heatmap-overlay.js';
export { createHistory, historyFromTfjs, kerasLogs, kerasMetricName, recordEpoch } from './history.js';
export type { ImageFormat } from './image-format.js';
export { describeNonImage, imageFormatNames, sniffImageFormat } from './image-format.js';
export type { InferencePlan, InferencePlanner } from './inference-planner.js';
export { inferencePlannerFor, setInferencePlanner } from './inference-planner.js';
export { ImageTooLargeError } from './io-errors.js';
export { resolveManifestPath } from './manifest-paths.js';
export { hasPlatform } from './platform-registry.js';
// Randomness
export { SeededRandom } from './random.js';
export { startPlatform } from './start-platform.js';
export type { SummaryFormatOptions } from './summary-format.js';
// Summary formatting
export { formatSummary, formatSummaryShape, formatThousands } from './summary-format.js';
export { backendRegistration, checkedTfjsVersion, startedBackend } from './tfjs-internals.js';
export type { FrozenPrefix } from './training-frozen-prefix.js';
export { planFrozenPrefix, TRAINING_DEPENDENT, topologicalOrder } from './training-frozen-prefix.js';
export type { EpochLine, MetricLogs, ProgressFinalLine, ProgressLine } from './training-log-format.js';
export {
  formatEpochHeader,
  formatEpochLine,
  formatEta,
  formatMetricValue,
  formatProgressBar,
  formatProgressFinalLine,
  formatProgressLine,
  formatStepTime,
} from './training-log-format.js';
export type { StepStrategy, TrainingLoopOptions } from './training-loop.js';
export { imageSize, trainModel, trainModelWith } from './training-loop.js';
export { registerWasmGradientKernels } from './wasm-gradient-kernels.js';
