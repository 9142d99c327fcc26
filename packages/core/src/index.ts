// Platform

export { formatBackendReport } from './backend-report-format.js';
export type { BatchDataset, BatchRequest } from './batch-dataset.js';
export type { Callback } from './callbacks.js';
export type { ClassificationReport, ClassificationReportOptions, ClassScores } from './classification-report.js';
// Evaluation
export { classificationReport } from './classification-report.js';
export { formatClassificationReport } from './classification-report-format.js';
export type { EarlyStoppingOptions } from './early-stopping.js';
export { EarlyStopping } from './early-stopping.js';
// Errors
export {
  BackendUnavailableError,
  DendriteError,
  InvalidArgumentError,
  InvalidDataError,
  PlatformNotSetError,
} from './errors.js';
export type { FitOptions } from './fit.js';
// Training
export { fit } from './fit.js';
export type { GradCamOptions } from './grad-cam.js';
export { gradCam } from './grad-cam.js';
export type { HeatmapOverlayOptions } from './heatmap-overlay.js';
export { heatmapOverlay } from './heatmap-overlay.js';
export type { History, HistoryParams } from './history.js';
export type { EngineSession, EngineTensor, InferenceEngine } from './inference-engine.js';
export {
  ChecksumMismatchError,
  DownloadTooLargeError,
  ImageDecodeError,
  NetworkError,
  OfflineError,
  ResourceNotFoundError,
  UntrustedPathError,
} from './io-errors.js';
export type { ManifestTrust } from './manifest-paths.js';
export type { ModelCheckpointOptions } from './model-checkpoint.js';
export { ModelCheckpoint } from './model-checkpoint.js';
export type { MonitorMode } from './monitor.js';
export type {
  AbortSignalLike,
  BackendAttempt,
  BackendOutcome,
  BackendPreferences,
  BackendReport,
  BlobLike,
  ByteCache,
  ByteSource,
  DecodedImagePixels,
  DecodeImageOptions,
  DirectoryEntry,
  Platform,
  ProgressIndicator,
  ReadBytesOptions,
  TransferProgress,
  UrlLike,
} from './platform.js';
export { getPlatform, setPlatform } from './platform-registry.js';
export type { SummaryOptions } from './summary.js';
// Models
export { summary, summaryTable } from './summary.js';
export type { ShapeSpec, SummaryRow, SummaryShape, SummaryTable } from './summary-format.js';
export type { BatchLogs } from './training-batch-logs.js';
export type { EpochLogs } from './training-loop.js';
export type { UnfreezeOptions, UnfreezeResult } from './unfreeze.js';
export { unfreeze } from './unfreeze.js';
