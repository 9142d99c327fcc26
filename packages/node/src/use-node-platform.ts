import type { BackendPreferences, BackendReport, InferenceEngine, Platform } from '@dendrite/core';
import { startPlatform } from '@dendrite/core/internal';
import { selectNodeBackend } from './backends/select-backend.js';
import { decodeImage, decodeImagePixels } from './decode-image.js';
import { createDiskCache } from './disk-cache.js';
import { listDirectory } from './list-directory.js';
import { selectInferenceEngine } from './onnx-runtime-engine.js';
import { readBytes } from './read-bytes.js';
import { sha256Hex } from './sha256.js';
import { createTerminalProgress, type ProgressStream } from './terminal-progress.js';
import { writeBytes } from './write-bytes.js';

/**
 * Options for {@link useNodePlatform} and {@link createNodePlatform}.
 *
 * @category Platform
 * @example
 * ```ts
 * const options: NodePlatformOptions = { backend: 'wasm', threads: 2, cacheDir: '/tmp/dendrite', offline: true };
 * ```
 */
export interface NodePlatformOptions extends BackendPreferences {
  /** Folder of the download cache. Default `$DENDRITE_CACHE_DIR`, else `~/.cache/dendrite`. */
  readonly cacheDir?: string;
  /** Never touch the network: only local files and the cache are read. Default false. */
  readonly offline?: boolean;
  /**
   * Give up on a download when no byte has arrived for this many milliseconds, unless a read asks
   * for another limit. Default 60,000.
   */
  readonly timeoutMs?: number;
  /** Where `print` and progress bars write. Default `process.stdout`. */
  readonly output?: ProgressStream;
}

/**
 * Builds the Node implementation of the {@link Platform} interface without selecting a backend or
 * making it current. Most programs call {@link useNodePlatform} instead.
 *
 * @param options - cache folder, offline mode, where output goes, and the backend preferences its
 *   `initBackend` uses by default
 * @returns a platform reading files and URLs, decoding images with sharp, caching on disk
 * @category Platform
 * @example
 * ```ts
 * const platform = createNodePlatform({ offline: true });
 * const bytes = await platform.readBytes('photos/boef.jpg');
 * ```
 */
export function createNodePlatform(options: NodePlatformOptions = {}): Platform {
  const offline = options.offline ?? false;
  const output = options.output ?? process.stdout;
  const cache = createDiskCache(options.cacheDir);
  let inferenceEngine: InferenceEngine | undefined;
  const platform: Platform = {
    name: 'node',
    offline,
    cache,
    get inferenceEngine() {
      return inferenceEngine;
    },
    initBackend: async (preferences) => {
      const chosen = { backend: options.backend, threads: options.threads, engine: options.engine, ...preferences };
      const report = await selectNodeBackend(chosen);
      const selection = await selectInferenceEngine(chosen.engine, chosen.threads);
      inferenceEngine = selection.engine;
      return { ...report, engine: selection.attempt };
    },
    readBytes: (source, readOptions) =>
      readBytes(source, { ...readOptions, timeoutMs: readOptions?.timeoutMs ?? options.timeoutMs, offline }),
    decodeImage,
    decodeImagePixels,
    listDirectory,
    writeBytes,
    sha256: sha256Hex,
    progress: (label, total) => createTerminalProgress(label, total, output),
    print: (line) => {
      output.write(`${line}\n`);
    },
  };
  return platform;
}

/**
 * Sets Dendrite up for Node: selects the fastest TensorFlow.js backend that works (tfjs-node-gpu,
 * tfjs-node, multi-threaded wasm, then cpu), makes the Node platform current, and returns it with
 * the selection report. Call it once at start-up, before any other Dendrite API.
 *
 * @param options - a backend to force, threads, cache folder, offline mode, output stream
 * @returns the platform and the report of every backend tried
 * @throws BackendUnavailableError when a forced backend cannot load
 * @category Platform
 * @example
 * ```ts
 * import { formatBackendReport } from '@dendrite/core';
 * import { useNodePlatform } from '@dendrite/node';
 *
 * const { backend } = await useNodePlatform();
 * console.log(formatBackendReport(backend)); // Backend: wasm (2 threads, ...) · ...
 * ```
 */
export async function useNodePlatform(options: NodePlatformOptions = {}): Promise<{ platform: Platform; backend: BackendReport }> {
  return startPlatform(createNodePlatform(options));
}
