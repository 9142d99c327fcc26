import type { BlobLike, UrlLike } from './platform.js';

/**
 * Whether a byte source is URL-like (a WHATWG `URL` from any realm).
 *
 * @internal
 */
export function isUrlLike(value: unknown): value is UrlLike {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as UrlLike).href === 'string' &&
    typeof (value as UrlLike).protocol === 'string'
  );
}

/**
 * Whether a byte source is Blob-like (a `Blob` or `File`, from Node or a browser).
 *
 * @internal
 */
export function isBlobLike(value: unknown): value is BlobLike {
  return typeof value === 'object' && value !== null && typeof (value as BlobLike).arrayBuffer === 'function';
}

/**
 * A few words naming what a value is, for an error message about an unreadable source.
 *
 * @internal
 */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'object') return `an object (${value.constructor?.name ?? 'no constructor'})`;
  return typeof value;
}
