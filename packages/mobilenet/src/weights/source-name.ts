import type { UrlLike } from '@dendrite/core';

/** A path or URL as text, for messages and for resolving relative paths. @internal */
export function sourceName(source: string | UrlLike): string {
  return typeof source === 'string' ? source : source.href;
}

/** The last segment of a path or URL, without query or fragment. @internal */
export function baseName(source: string): string {
  const withoutQuery = source.replace(/[?#].*$/, '');
  return withoutQuery.slice(Math.max(withoutQuery.lastIndexOf('/'), withoutQuery.lastIndexOf('\\')) + 1);
}
