import type { UrlLike } from '@dendrite/core';

/** A path or URL as text, for messages and for resolving relative paths. @internal */
export function sourceName(source: string | UrlLike): string {
  return typeof source === 'string' ? source : source.href;
}

/**
 * Resolves `path` against the folder of `base`, as TF.js does for weight shards: an absolute URL
 * stays as it is, anything else is appended to everything up to the last slash of `base` (with its
 * query and fragment removed).
 *
 * @internal
 * @param base - the path or URL of the file that names `path`
 * @param path - a path relative to that file
 * @returns the path or URL of `path`
 */
export function resolveBeside(base: string, path: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(path)) return path;
  const withoutQuery = base.replace(/[?#].*$/, '');
  const slash = Math.max(withoutQuery.lastIndexOf('/'), withoutQuery.lastIndexOf('\\'));
  return slash < 0 ? path : withoutQuery.slice(0, slash + 1) + path;
}

/** The last segment of a path or URL, without query or fragment. @internal */
export function baseName(source: string): string {
  const withoutQuery = source.replace(/[?#].*$/, '');
  return withoutQuery.slice(Math.max(withoutQuery.lastIndexOf('/'), withoutQuery.lastIndexOf('\\')) + 1);
}
