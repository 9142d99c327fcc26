// Platform
export type {
  AbortSignalLike,
  BackendAttempt,
  BackendOutcome,
  BackendPreferences,
  BackendReport,
  BlobLike,
  ByteCache,
  ByteSource,
  DecodeImageOptions,
  DirectoryEntry,
  Platform,
  ProgressIndicator,
  ReadBytesOptions,
  TransferProgress,
  UrlLike,
} from './platform.js';
export { clearPlatform, getPlatform, hasPlatform, setPlatform } from './platform-registry.js';
export type { EngineSession, EngineTensor, InferenceEngine } from './inference-engine.js';
export type { DownloadCachedOptions } from './cached-download.js';
export { downloadCached } from './cached-download.js';
export { formatBackendReport } from './backend-report-format.js';

// Errors
export {
  BackendUnavailableError,
  DendriteError,
  InvalidArgumentError,
  InvalidDataError,
  PlatformNotSetError,
} from './errors.js';
export {
  ChecksumMismatchError,
  ImageDecodeError,
  NetworkError,
  OfflineError,
  ResourceNotFoundError,
} from './io-errors.js';

// Data
export { SeededRandom } from './random.js';

// Models
export { denseClassifier } from './dense-classifier.js';
export type { DenseClassifierOptions } from './dense-classifier.js';
export { summary, summaryTable } from './summary.js';
export type { SummaryOptions } from './summary.js';
export { formatSummary, formatSummaryShape, formatThousands } from './summary-format.js';
export type { ShapeSpec, SummaryFormatOptions, SummaryRow, SummaryShape, SummaryTable } from './summary-format.js';

// Training
export { createFitReporter } from './fit-reporter.js';
export type { FitReporter, FitReporterOptions } from './fit-reporter.js';
export { createHistory, historyFromTfjs, kerasLogs, kerasMetricName, recordEpoch } from './history.js';
export type { History, HistoryParams } from './history.js';
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
export { fit } from './fit.js';
export type { FitOptions } from './fit.js';
export { trainModel } from './training-loop.js';
export type { EpochLogs, TrainingCallbacks, TrainingLoopOptions } from './training-loop.js';
export type { BatchLogs } from './training-batch-logs.js';

// Plumbing shared by the platform packages
export { readResponseBody } from './read-response-body.js';
export type { ReceivedBytes, ResponseLike } from './read-response-body.js';
export { describeValue, isBlobLike, isUrlLike } from './byte-source-guards.js';
