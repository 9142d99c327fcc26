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

  /**
   * @param url - the URL that would have been downloaded
   * @param option - the name of the option that turned offline mode on
   */
  constructor(url: string, option: string) {
    super(
      'offline',
      `${url} is not in the cache and offline mode is on (option \`${option}\`), so it was not downloaded. ` +
        `Turn \`${option}\` off to download it once, or pass a local copy of the file.`,
    );
    this.url = url;
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
