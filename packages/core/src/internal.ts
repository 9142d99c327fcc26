// Plumbing shared by Dendrite's own packages and apps: not part of the public API, not documented,
// and free to change between minor versions. Users import from '@dendrite/core'.

// Platform plumbing
export { downloadCached } from './cached-download.js';
export type { DownloadCachedOptions } from './cached-download.js';
export { readResponseBody } from './read-response-body.js';
export type { ReceivedBytes, ResponseLike } from './read-response-body.js';
export { describeValue, isBlobLike, isUrlLike } from './byte-source-guards.js';
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
export type { HistoryParams } from './history.js';
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
export { AUGMENTATION_LAYERS } from './augmentation/register-augmentation-layers.js';
