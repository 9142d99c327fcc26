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
export type { EngineSession, EngineTensor, InferenceEngine } from './inference-engine.js';
export { getPlatform, setPlatform } from './platform-registry.js';
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
  DownloadTooLargeError,
  ImageDecodeError,
  NetworkError,
  OfflineError,
  ResourceNotFoundError,
  UntrustedPathError,
} from './io-errors.js';

// Models
export { summary, summaryTable } from './summary.js';
export type { SummaryOptions } from './summary.js';
export type { ShapeSpec, SummaryRow, SummaryShape, SummaryTable } from './summary-format.js';

// Evaluation
export { classificationReport } from './classification-report.js';
export type { ClassificationReport, ClassificationReportOptions, ClassScores } from './classification-report.js';
export { formatClassificationReport } from './classification-report-format.js';
export { gradCam } from './grad-cam.js';
export type { GradCamOptions } from './grad-cam.js';
export { heatmapOverlay } from './heatmap-overlay.js';
export type { HeatmapOverlayOptions } from './heatmap-overlay.js';

// Training
export { fit } from './fit.js';
export type { FitOptions } from './fit.js';
export type { BatchDataset, BatchRequest } from './batch-dataset.js';
export type { Callback } from './callbacks.js';
export { EarlyStopping } from './early-stopping.js';
export type { EarlyStoppingOptions } from './early-stopping.js';
export { ModelCheckpoint } from './model-checkpoint.js';
export type { ModelCheckpointOptions } from './model-checkpoint.js';
export type { MonitorMode } from './monitor.js';
export { unfreeze } from './unfreeze.js';
export type { UnfreezeOptions, UnfreezeResult } from './unfreeze.js';
export type { History, HistoryParams } from './history.js';
export type { EpochLogs } from './training-loop.js';
export type { BatchLogs } from './training-batch-logs.js';
export type { ManifestTrust } from './manifest-paths.js';
