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
  Platform,
  ProgressIndicator,
  ReadBytesOptions,
  TransferProgress,
  UrlLike,
} from './platform.js';
export { clearPlatform, getPlatform, hasPlatform, setPlatform } from './platform-registry.js';

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
