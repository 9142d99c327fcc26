import type { BackendReport, Platform } from '@dendrite/core';
import { startPlatform } from '@dendrite/core/internal';
import { createCacheStorageCache } from './cache-storage-cache.js';
import { createEventProgress, type ProgressListener } from './console-progress.js';
import { decodeImage } from './decode-image.js';
import { readBytes } from './fetch-bytes.js';
import { selectWebBackend, type WebBackendPreferences } from './select-web-backend.js';
import { sha256Hex } from './sha256.js';

/**
 * Options for {@link useWebPlatform} and {@link createWebPlatform}.
 *
 * @category Platform
 * @example
 * ```ts
 * const options: WebPlatformOptions = {
 *   cacheName: 'my-app',
 *   wasmPaths: '/tfjs-wasm/',
 *   onProgress: (event) => (bar.value = event.fraction),
 *   print: (line) => log.append(line + '\n'),
 * };
 * ```
 */
export interface WebPlatformOptions extends WebBackendPreferences {
  /** Never touch the network: only Blobs, bytes, blob:/data: URLs and the cache are read. Default false. */
  readonly offline?: boolean;
  /** The Cache Storage cache that keeps downloads. Default `'dendrite'`. */
  readonly cacheName?: string;
  /** Receives the events of every progress indicator (downloads, training), to draw them. Default none. */
  readonly onProgress?: ProgressListener;
  /** Where `platform.print` writes a line. Default `console.log`. */
  readonly print?: (line: string) => void;
}

/**
 * Builds the browser implementation of the {@link @dendrite/core!Platform} interface without
 * selecting a backend or making it current. Most pages call {@link useWebPlatform} instead.
 *
 * @param options - backend preferences (used by `initBackend`), offline mode, cache name, progress
 * listener, print function
 * @returns a platform that fetches with progress, caches in Cache Storage, decodes images with the
 * browser and hashes with Web Crypto
 * @category Platform
 * @example
 * ```ts
 * const platform = createWebPlatform({ offline: true });
 * const digest = await platform.sha256(new TextEncoder().encode('abc'));
 * ```
 */
export function createWebPlatform(options: WebPlatformOptions = {}): Platform {
  const offline = options.offline ?? false;
  const cache = createCacheStorageCache(options.cacheName ?? 'dendrite');
  const print = options.print ?? ((line: string) => console.log(line));
  const backendPreferences: WebBackendPreferences = {
    backend: options.backend,
    threads: options.threads,
    wasmPaths: options.wasmPaths,
    importWebGpu: options.importWebGpu,
    onContextLost: options.onContextLost,
  };
  const platform: Platform = {
    name: 'web',
    offline,
    cache,
    initBackend: (preferences) => selectWebBackend({ ...backendPreferences, ...preferences }),
    readBytes: (source, readOptions) => readBytes(source, { ...readOptions, offline }),
    decodeImage,
    sha256: sha256Hex,
    progress: (label, total) => createEventProgress(label, total, options.onProgress),
    print,
  };
  return platform;
}

/**
 * Sets Dendrite up in a browser: selects the fastest TensorFlow.js backend that works (webgl,
 * wasm, cpu; webgpu when asked for), makes the web platform current, and returns it with the
 * selection report. Call it once when the page starts, before any other Dendrite API.
 *
 * @param options - a backend to force, wasm threads and binary paths, offline mode, cache name,
 * progress listener, print function, WebGL context-loss listener
 * @returns the platform and the report of every backend tried
 * @throws {@link @dendrite/core!BackendUnavailableError} when a forced backend cannot start
 * @throws {@link @dendrite/core!InvalidArgumentError} for an unknown backend name
 * @category Platform
 * @example
 * ```ts
 * import { useWebPlatform } from '@dendrite/web';
 *
 * const { backend } = await useWebPlatform({
 *   onProgress: (event) => (progressBar.value = event.fraction),
 *   onContextLost: () => location.reload(),
 * });
 * console.log(`Running on ${backend.selected}`);
 * ```
 */
export async function useWebPlatform(options: WebPlatformOptions = {}): Promise<{ platform: Platform; backend: BackendReport }> {
  return startPlatform(createWebPlatform(options));
}
