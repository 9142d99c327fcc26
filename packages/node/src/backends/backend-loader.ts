/**
 * What a backend loader did: the package was absent, or the backend is now active (with details for
 * the report, such as "2 threads, SIMD"). A loader throws when the package is there but the backend
 * cannot start.
 *
 * @internal
 */
export interface LoaderResult {
  /** False when the backend's package is not installed. */
  readonly installed: boolean;
  /** Plain words for the report. */
  readonly reason: string;
}

/**
 * Options every loader receives.
 *
 * @internal
 */
export interface LoaderOptions {
  /** Threads wanted, for backends that can use several. */
  readonly threads: number;
  /**
   * A folder to resolve the optional libtensorflow packages from instead of this package's own
   * place (tests put a fake `@tensorflow/tfjs-node` there).
   */
  readonly optionalPackagesFrom?: string;
}

/**
 * Imports one backend's package and makes it the active TensorFlow.js backend.
 *
 * @internal
 */
export type BackendLoader = (options: LoaderOptions) => Promise<LoaderResult>;
