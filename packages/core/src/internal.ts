// Plumbing shared by Dendrite's own packages and apps: not part of the public API, not documented,
// and free to change between minor versions. Users import from '@dendrite/core'.

// Platform plumbing
export { downloadCached } from './cached-download.js';
export type { DownloadCachedOptions } from './cached-download.js';
export { defaultPrint } from './default-print.js';

// Randomness
export { SeededRandom } from './random.js';

// Summary formatting
export { formatSummary, formatSummaryShape, formatThousands } from './summary-format.js';
export type { SummaryFormatOptions } from './summary-format.js';

// Training plumbing
export { denseClassifier } from './dense-classifier.js';
export type { DenseClassifierOptions } from './dense-classifier.js';
export { createFitReporter } from './fit-reporter.js';
export type { FitReporter, FitReporterOptions } from './fit-reporter.js';
export { createHistory, historyFromTfjs, kerasLogs, kerasMetricName, recordEpoch } from './history.js';
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
export type { EpochLine, MetricLogs, ProgressFinalLine, ProgressLine } from './training-log-format.js';
export { imageSize, trainModel, trainModelWith } from './training-loop.js';
export type { StepStrategy, TrainingLoopOptions } from './training-loop.js';
export { planFrozenPrefix, TRAINING_DEPENDENT } from './training-frozen-prefix.js';
export type { FrozenPrefix } from './training-frozen-prefix.js';
export { inferencePlannerFor, setInferencePlanner } from './inference-planner.js';
export type { InferencePlan, InferencePlanner } from './inference-planner.js';
export { CallbackList } from './callbacks.js';
export { AUGMENTATION_LAYERS } from './augmentation-layer-names.js';

// Evaluation display
export { formatConfusionMatrix } from './classification-report-format.js';
export { jetColor } from './heatmap-overlay.js';

// Downloads, caches, backends and images, shared by the platform packages
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
export { hasPlatform } from './platform-registry.js';
