import type { Tensor3D } from '@tensorflow/tfjs-core';
import type { InferenceEngine } from './inference-engine.js';

/**
 * What happened to one TensorFlow.js backend during selection.
 *
 * - `selected`: it initialised and is now the active backend;
 * - `available`: it would have worked but one earlier in priority was selected;
 * - `not-installed`: its package is not installed (optional backends);
 * - `failed`: it is installed but did not initialise;
 * - `skipped`: not tried, because an earlier backend was selected.
 *
 * @category Platform
 */
export type BackendOutcome = 'selected' | 'available' | 'not-installed' | 'failed' | 'skipped';

/**
 * One backend tried during selection, with its outcome, the reason and the time it took.
 *
 * @category Platform
 */
export interface BackendAttempt {
  /**
   * The candidate's name in Dendrite's selection (`'tensorflow-gpu'`, `'tensorflow'`, `'wasm'`, `'cpu'`,
   * `'webgl'`); the reason names the TensorFlow.js backend where it differs.
   */
  readonly name: string;
  /** What happened to it. */
  readonly outcome: BackendOutcome;
  /** Why, in plain words (an error message, "package not installed", "2 threads", ...). */
  readonly reason: string;
  /** How long trying it took, in milliseconds. */
  readonly milliseconds: number;
}

/**
 * The result of backend selection: which backend is active and every candidate tried, in order.
 *
 * @category Platform
 * @example
 * ```ts
 * const { backend } = await useNodePlatform();
 * console.log(formatBackendReport(backend));
 * ```
 */
export interface BackendReport {
  /** The name of the active backend. */
  readonly selected: string;
  /** Every candidate, in priority order, with its outcome. */
  readonly attempts: readonly BackendAttempt[];
  /**
   * The inference engine optimised models run on, when the platform has a choice of engines (Node:
   * ONNX Runtime when installed, else TensorFlow.js), with the reason.
   */
  readonly engine?: BackendAttempt;
}

/**
 * Preferences for backend selection.
 *
 * @category Platform
 * @example
 * ```ts
 * await useNodePlatform({ backend: 'cpu' });
 * ```
 */
export interface BackendPreferences {
  /** Use exactly this backend, failing with a BackendUnavailableError if it cannot load. */
  readonly backend?: string;
  /** Threads for backends that can use several (wasm). Defaults to the number of CPU cores. */
  readonly threads?: number;
  /**
   * The engine optimised models run on: `'onnxruntime'` (fail with a BackendUnavailableError if it
   * cannot load), `'tfjs'` (always TensorFlow.js), or `'auto'` (the default: ONNX Runtime where the
   * platform has it installed, else TensorFlow.js).
   */
  readonly engine?: 'auto' | 'tfjs' | 'onnxruntime';
}

/**
 * Download or read progress, reported as bytes arrive.
 *
 * @category Platform
 * @example
 * ```ts
 * const onProgress = (event: TransferProgress) => console.log(event.loadedBytes, event.totalBytes);
 * ```
 */
export interface TransferProgress {
  /** The URL or path being read. */
  readonly source: string;
  /** Bytes received so far. */
  readonly loadedBytes: number;
  /** Total bytes, when the server announced it. */
  readonly totalBytes: number | undefined;
}

/**
 * Something bytes can be read from: a path, a file:// or http(s) URL, bytes already in memory, or a
 * Blob-like object (a browser `File` or `Blob`, or Node's `Blob`).
 *
 * @category Platform
 */
export type ByteSource = string | UrlLike | Uint8Array | ArrayBuffer | BlobLike;

/**
 * The part of a WHATWG `URL` that Dendrite uses, so that core needs no DOM or Node types. Pass a
 * real `URL`.
 *
 * @category Platform
 */
export interface UrlLike {
  /** The whole URL. */
  readonly href: string;
  /** The scheme with its colon, such as `'https:'` or `'file:'`. */
  readonly protocol: string;
}

/**
 * The part of a Blob that Dendrite uses, so that core needs no DOM types.
 *
 * @category Platform
 */
export interface BlobLike {
  /** Size in bytes. */
  readonly size: number;
  /**
   * Reads the whole content.
   *
   * @returns the bytes
   */
  arrayBuffer(): Promise<ArrayBuffer>;
}

/**
 * The part of an `AbortSignal` that Dendrite uses, so that core needs no DOM or Node types. Pass a
 * real `AbortSignal` (for example `AbortSignal.timeout(5000)`).
 *
 * @category Platform
 * @example
 * ```ts
 * const controller = new AbortController();
 * const signal: AbortSignalLike = controller.signal;
 * ```
 */
export interface AbortSignalLike {
  /** Whether the operation was cancelled. */
  readonly aborted: boolean;
  /** Why it was cancelled. */
  readonly reason?: unknown;
  /**
   * Registers a listener for cancellation.
   *
   * @param type - always `'abort'`
   * @param listener - called once the operation is cancelled
   * @param options - `once: true` removes the listener after its first call
   */
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  /**
   * Removes a listener registered with addEventListener.
   *
   * @param type - always `'abort'`
   * @param listener - the listener given to addEventListener
   */
  removeEventListener(type: 'abort', listener: () => void): void;
}

/**
 * Options for {@link Platform.readBytes}.
 *
 * @category Platform
 * @example
 * ```ts
 * const bytes = await getPlatform().readBytes(url, { onProgress: (p) => console.log(p.loadedBytes) });
 * ```
 */
export interface ReadBytesOptions {
  /** Called as bytes arrive. */
  readonly onProgress?: (event: TransferProgress) => void;
  /** Cancels the read (an `AbortSignal`). */
  readonly signal?: AbortSignalLike;
  /**
   * Give up on a network read when no byte has arrived for this many milliseconds (a stall); a slow
   * download that keeps moving is not cut off. Default 60,000; `Infinity` for no limit.
   */
  readonly timeoutMs?: number;
  /**
   * The most bytes a download may have; a server that announces or sends more is cut off with a
   * DownloadTooLargeError and nothing is kept. Default 2 GiB.
   */
  readonly maxBytes?: number;
  /** How often a connection reset, stall, cut-short body or HTTP 5xx is retried (resuming where possible). Default 3. */
  readonly retries?: number;
  /** The wait before the first retry in milliseconds, doubled for each next one. Default 500. */
  readonly retryDelayMs?: number;
}

/**
 * Options for {@link Platform.decodeImage}.
 *
 * @category Platform
 * @example
 * ```ts
 * const image = await getPlatform().decodeImage(bytes, { source: 'cat.jpg' });
 * ```
 */
export interface DecodeImageOptions {
  /** A name for the bytes (path or URL) used in error messages. */
  readonly source?: string;
}

/**
 * Decoded 8-bit RGB pixels, from {@link Platform.decodeImagePixels}: a third of the memory of an
 * int32 tensor of the same image, which is what lets a large photo be resized to a model's input.
 *
 * @category Platform
 * @example
 * ```ts
 * const { width, height, data } = await platform.decodeImagePixels!(bytes, { source: 'cat.jpg' });
 * const [r, g, b] = data.subarray(0, 3); // the top-left pixel
 * ```
 */
export interface DecodedImagePixels {
  /** Width in pixels. */
  readonly width: number;
  /** Height in pixels. */
  readonly height: number;
  /** RGB levels 0..255, three bytes per pixel, row after row from the top. */
  readonly data: Uint8Array;
}

/**
 * A key-to-bytes store for downloaded files (weights, labels). Writes are atomic: a reader sees a
 * whole entry or none.
 *
 * @category Platform
 * @example
 * ```ts
 * const cache = getPlatform().cache;
 * if (!(await cache.has('weights/abc'))) await cache.put('weights/abc', bytes);
 * ```
 */
export interface ByteCache {
  /** Where the cache lives (a folder, a Cache Storage name), for messages. */
  readonly location: string;
  /**
   * The bytes stored under `key`, or `undefined`.
   *
   * @param key - the entry's name, such as `'mobilenet_v2/weights.bin'`
   * @returns the stored bytes, or `undefined` when nothing is stored under `key`
   */
  get(key: string): Promise<Uint8Array | undefined>;
  /**
   * Stores `bytes` under `key`, atomically, replacing any earlier entry.
   *
   * @param key - the entry's name
   * @param bytes - the content to store
   */
  put(key: string, bytes: Uint8Array): Promise<void>;
  /**
   * Whether `key` is stored.
   *
   * @param key - the entry's name
   * @returns true when an entry is stored under `key`
   */
  has(key: string): Promise<boolean>;
  /**
   * Removes `key` if stored.
   *
   * @param key - the entry's name
   */
  delete(key: string): Promise<void>;
  /**
   * Where the entry of `key` lives (a file path, a Cache Storage request), for messages that tell a
   * user which file to remove. Default: the key inside {@link ByteCache.location}.
   *
   * @param key - the entry's name
   * @returns the place, in words a user can act on
   */
  pathOf?(key: string): string;
}

/**
 * A progress indicator for long work (downloads, feature extraction, training), drawn by the
 * platform: a bar in a terminal, events in a page.
 *
 * @category Platform
 * @example
 * ```ts
 * const bar = getPlatform().progress('Extracting features', 40);
 * for (let i = 1; i <= 40; i++) bar.update(i);
 * bar.done();
 * ```
 */
export interface ProgressIndicator {
  /**
   * Reports that `current` units of `total` are done; `detail` is shown beside the bar.
   *
   * @param current - units done so far
   * @param detail - a short note shown beside the bar, such as a file name
   */
  update(current: number, detail?: string): void;
  /**
   * Finishes the indicator (a terminal bar ends its line).
   *
   * @param detail - a short closing note, such as the time taken
   */
  done(detail?: string): void;
}

/**
 * One entry of a folder listing.
 *
 * @category Platform
 */
export interface DirectoryEntry {
  /** The entry's own name. */
  readonly name: string;
  /** The folder's path joined with the name, ready to pass to `readBytes`. */
  readonly path: string;
  /** Whether it is a file or a folder (links are followed). */
  readonly kind: 'file' | 'directory';
}

/**
 * What differs between Node and a browser, behind one interface. Platform packages implement it;
 * everything else reaches it through {@link getPlatform}.
 *
 * @category Platform
 * @example
 * ```ts
 * const platform = getPlatform();
 * const bytes = await platform.readBytes('photos/boef.jpg');
 * const image = await platform.decodeImage(bytes, { source: 'photos/boef.jpg' });
 * ```
 */
export interface Platform {
  /** `'node'`, `'web'`, or another implementation's name. */
  readonly name: string;
  /**
   * Picks and activates a TensorFlow.js backend, returning what was tried and why.
   *
   * @param preferences - a backend to insist on, and thread count
   * @returns the selection report: the active backend and every candidate tried
   */
  initBackend(preferences?: BackendPreferences): Promise<BackendReport>;
  /**
   * Reads all bytes of a path, URL, Blob or buffer.
   *
   * @param source - what to read
   * @param options - progress, cancellation and timeout
   * @returns the bytes
   */
  readBytes(source: ByteSource, options?: ReadBytesOptions): Promise<Uint8Array>;
  /**
   * Decodes JPEG, PNG, BMP, GIF or WebP bytes to an int32 RGB tensor `[height, width, 3]` with values
   * 0..255, alpha dropped, grayscale expanded and EXIF orientation applied. The caller owns the tensor.
   *
   * @param bytes - the encoded image file
   * @param options - a name for the bytes, used in error messages
   * @returns the pixels, `[height, width, 3]`
   */
  decodeImage(bytes: Uint8Array, options?: DecodeImageOptions): Promise<Tensor3D>;
  /**
   * Decodes as {@link Platform.decodeImage} does, to 8-bit RGB bytes instead of a tensor, so that
   * images up to three times larger decode within the same memory. Optional: Dendrite uses it,
   * when the platform has it, to load images resized to a target size. A platform made from
   * another with its own `decodeImage` must replace or leave out this method too, or images loaded
   * to a size bypass its decoder.
   *
   * @param bytes - the encoded image file
   * @param options - a name for the bytes, used in error messages
   * @returns the pixels, three bytes each
   */
  decodeImagePixels?(bytes: Uint8Array, options?: DecodeImageOptions): Promise<DecodedImagePixels>;
  /**
   * Lists a folder's entries sorted by name, where the platform has folders (Node). Platforms
   * without a file system (browsers) leave it out; labelled datasets are then built from files.
   *
   * @param path - the folder
   * @returns its entries, sorted by name
   */
  listDirectory?(path: string): Promise<DirectoryEntry[]>;
  /**
   * Writes `bytes` to the file at `path`, creating its folder, atomically: a reader sees the old
   * file or the whole new one, never part of one. Platforms without a file system (browsers) leave
   * it out; save models there with TensorFlow.js's own handlers (`indexeddb://`, `downloads://`).
   *
   * @param path - the file to write
   * @param bytes - its whole content
   */
  writeBytes?(path: string, bytes: Uint8Array): Promise<void>;
  /**
   * The sha256 digest of `bytes`, in lowercase hex.
   *
   * @param bytes - the content to digest
   * @returns 64 lowercase hex digits
   */
  sha256(bytes: Uint8Array): Promise<string>;
  /** The store for downloaded files. */
  readonly cache: ByteCache;
  /** Whether network reads are forbidden (only local files and the cache may be used). */
  readonly offline: boolean;
  /**
   * The native engine that optimised models run on, when the platform found one (ONNX Runtime in
   * Node with `onnxruntime-node` installed); absent, they run on TensorFlow.js. Set by
   * {@link Platform.initBackend}.
   */
  readonly inferenceEngine?: InferenceEngine;
  /**
   * Starts a progress indicator for `total` units of work.
   *
   * @param label - what is being done, shown before the bar
   * @param total - how many units the work has
   * @returns the indicator to update as the work advances
   */
  progress(label: string, total: number): ProgressIndicator;
  /**
   * Writes one line of text where the user reads output (stdout in Node, the console in a page).
   *
   * @param line - the text, without a line break
   */
  print(line: string): void;
}
