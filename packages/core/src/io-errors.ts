import { DendriteError } from './errors.js';

/**
 * A local file or resource does not exist.
 *
 * @category Errors
 * @example
 * ```ts
 * throw new ResourceNotFoundError('/photos/missing.jpg');
 * ```
 */
export class ResourceNotFoundError extends DendriteError {
  /** The path or URL that was asked for. */
  readonly source: string;

  /**
   * @param source - the path or URL that was asked for
   * @param options - the underlying cause, if any
   */
  constructor(source: string, options?: { cause?: unknown }) {
    super('resource-not-found', `Nothing found at ${source}. Check the path (relative paths start at the working directory).`, options);
    this.source = source;
  }
}

/**
 * A download failed: an HTTP error status, a refused connection, a timeout, or a body shorter than
 * announced.
 *
 * @category Errors
 * @example
 * ```ts
 * throw new NetworkError('https://example.com/model.json', 'HTTP 404 Not Found', { status: 404 });
 * ```
 */
export class NetworkError extends DendriteError {
  /** The URL that failed. */
  readonly url: string;
  /** The HTTP status, when the server answered. */
  readonly status: number | undefined;
  /** How many attempts were made. */
  readonly attempts: number;

  /**
   * @param url - the URL that failed
   * @param reason - what went wrong
   * @param details - HTTP status, attempts and cause
   */
  constructor(url: string, reason: string, details: { status?: number; attempts?: number; cause?: unknown } = {}) {
    super(
      'network',
      `Downloading ${url} failed: ${reason}. Check the address and your connection, or download the file ` +
        'yourself and pass its local path instead.',
      { cause: details.cause },
    );
    this.url = url;
    this.status = details.status;
    this.attempts = details.attempts ?? 1;
  }
}

/**
 * Downloaded or cached bytes do not have the expected sha256 digest.
 *
 * @category Errors
 * @example
 * ```ts
 * throw new ChecksumMismatchError('https://example.com/w.bin', 'ab12...', 'cd34...');
 * ```
 */
export class ChecksumMismatchError extends DendriteError {
  /** Where the bytes came from. */
  readonly source: string;
  /** The sha256 that was expected, in hex. */
  readonly expected: string;
  /** The sha256 of the bytes received, in hex. */
  readonly actual: string;

  /**
   * @param source - where the bytes came from
   * @param expected - expected sha256 (hex)
   * @param actual - actual sha256 (hex)
   */
  constructor(source: string, expected: string, actual: string) {
    super(
      'checksum-mismatch',
      `The bytes from ${source} have sha256 ${actual} but ${expected} was expected; nothing was cached. ` +
        'The file is corrupt or is not the one asked for: download it again or pass the right file.',
    );
    this.source = source;
    this.expected = expected;
    this.actual = actual;
  }
}

/**
 * Offline mode is on and what was asked for is not in the cache.
 *
 * @category Errors
 * @example
 * ```ts
 * throw new OfflineError('https://example.com/model.json', 'offline');
 * ```
 */
export class OfflineError extends DendriteError {
  /** The URL that would have been downloaded. */
  readonly url: string;
  /** The cache file that was found unusable, when there was one. */
  readonly cacheEntry: string | undefined;

  /**
   * @param url - the URL that would have been downloaded
   * @param option - the name of the option that turned offline mode on
   * @param discarded - the cache entry that was there but failed its check, and why
   */
  constructor(url: string, option: string, discarded?: { readonly cacheEntry: string; readonly problem: string }) {
    super(
      'offline',
      discarded === undefined
        ? `${url} is not in the cache and offline mode is on (option \`${option}\`), so it was not downloaded. ` +
            `Turn \`${option}\` off to download it once, or pass a local copy of the file.`
        : `The cached copy of ${url} at ${discarded.cacheEntry} was unusable (${discarded.problem}) and was removed; ` +
            `offline mode is on (option \`${option}\`), so it was not downloaded again. Turn \`${option}\` off to ` +
            'download it once, or pass a local copy of the file. To clear the whole cache, delete its folder.',
    );
    this.url = url;
    this.cacheEntry = discarded?.cacheEntry;
  }
}

/**
 * Bytes could not be decoded as an image: empty, truncated, corrupt or not an image at all.
 *
 * @category Errors
 * @example
 * ```ts
 * throw new ImageDecodeError('photo.jpg', 'the file is empty');
 * ```
 */
export class ImageDecodeError extends DendriteError {
  /** The file, URL or description of the bytes. */
  readonly source: string;
  /** Why decoding failed. */
  readonly reason: string;

  /**
   * @param source - the file, URL or description of the bytes
   * @param reason - why decoding failed
   * @param options - the underlying cause, if any
   */
  constructor(source: string, reason: string, options?: { cause?: unknown }) {
    super(
      'image-decode',
      `Cannot read ${source} as an image: ${reason}. Supported formats are JPEG, PNG, BMP, GIF and WebP; ` +
        'check that the file is complete and really is one of them.',
      options,
    );
    this.source = source;
    this.reason = reason;
  }
}

/**
 * An image is too large to decode within Dendrite's memory limit: its decoded pixels would take more
 * bytes than allowed. Found from the image's header, before any pixel is decoded. The message says
 * how to load it anyway (a smaller form the decoder can keep, such as loading to a target size).
 *
 * @category Errors
 * @example
 * ```ts
 * try {
 *   await loadImage('scan.png');
 * } catch (error) {
 *   if (error instanceof ImageTooLargeError) console.log(error.width, error.height, error.limitBytes);
 * }
 * ```
 */
export class ImageTooLargeError extends ImageDecodeError {
  /** The image's width in pixels, from its header. */
  readonly width: number;
  /** The image's height in pixels, from its header. */
  readonly height: number;
  /** The bytes its decoded pixels would take in the form asked for. */
  readonly bytes: number;
  /** The most bytes allowed. */
  readonly limitBytes: number;

  /**
   * @param source - the file, URL or description of the bytes
   * @param size - the image's size, the bytes it would take decoded and the limit
   * @param advice - what to do instead, a full sentence
   */
  constructor(
    source: string,
    size: { readonly width: number; readonly height: number; readonly bytes: number; readonly limitBytes: number },
    advice: string,
  ) {
    const megabytes = (bytes: number): string => `${Math.ceil(bytes / 2 ** 20)} MiB`;
    const reason = `it is ${size.width} x ${size.height} pixels, which would take ${megabytes(size.bytes)} decoded, more than the ${megabytes(size.limitBytes)} allowed`;
    super(source, reason);
    this.message = `Cannot read ${source} as an image: ${reason}. ${advice}`;
    this.width = size.width;
    this.height = size.height;
    this.bytes = size.bytes;
    this.limitBytes = size.limitBytes;
  }
}

/**
 * A download was larger than allowed: the server announced or sent more bytes than the limit.
 * Nothing was kept or cached.
 *
 * @category Errors
 * @example
 * ```ts
 * try {
 *   await getPlatform().readBytes(url, { maxBytes: 50_000_000 });
 * } catch (error) {
 *   if (error instanceof DownloadTooLargeError) console.log(`over ${error.limitBytes} bytes: ${error.url}`);
 * }
 * ```
 */
export class DownloadTooLargeError extends DendriteError {
  /** The URL that was downloaded. */
  readonly url: string;
  /** The limit, in bytes. */
  readonly limitBytes: number;
  /** The option that raises the limit. */
  readonly option: string;

  /**
   * @param url - the URL that was downloaded
   * @param limitBytes - the limit that was exceeded
   * @param seen - what showed it: the announced size, or the bytes received when cut off
   * @param option - the option that raises the limit
   */
  constructor(url: string, limitBytes: number, seen: string, option = 'maxBytes') {
    super(
      'download-too-large',
      `Downloading ${url} was stopped: ${seen}, over the limit of ${limitBytes} bytes; nothing was cached. ` +
        `If the file is really that large and you trust its source, raise the limit with the \`${option}\` option.`,
    );
    this.url = url;
    this.limitBytes = limitBytes;
    this.option = option;
  }
}

/**
 * A file loaded from one place named another place to read (a model.json naming a weights shard on
 * another host, a \`file:\` path, or a path outside its folder), and that place was not allowed.
 * Nothing was read from it.
 *
 * @category Errors
 * @example
 * ```ts
 * try {
 *   await MobileNetV2({ weights: 'https://example.com/model/model.json' });
 * } catch (error) {
 *   if (error instanceof UntrustedPathError) console.log(error.manifest, error.path, error.option);
 * }
 * ```
 */
export class UntrustedPathError extends DendriteError {
  /** The file that named the path (a model.json). */
  readonly manifest: string;
  /** The path as written in it. */
  readonly path: string;
  /** The option that allows such paths. */
  readonly option: string;

  /**
   * @param manifest - the file that named the path
   * @param path - the path as written in it
   * @param reason - why it is refused
   * @param option - the option that allows it
   */
  constructor(manifest: string, path: string, reason: string, option: string) {
    super(
      'untrusted-path',
      `${manifest} names '${path}', which was not read: ${reason}. If you trust this file, allow it with the ` +
        `\`${option}\` option; otherwise ask its author for a copy whose paths stay beside it.`,
    );
    this.manifest = manifest;
    this.path = path;
    this.option = option;
  }
}
