import type { ByteSource } from '@dendrite/core';

/**
 * A name for an image source, for messages and progress: the path or URL itself, a `File`'s name,
 * or a description of in-memory bytes (with its position in the list, when there is one).
 *
 * @internal
 */
export function describeSource(source: ByteSource, index?: number): string {
  if (typeof source === 'string') return source;
  const where = index === undefined ? '' : `sources[${index}], `;
  if (ArrayBuffer.isView(source)) return `in-memory image (${where}${source.byteLength} bytes)`;
  if (source instanceof ArrayBuffer) return `in-memory image (${where}${source.byteLength} bytes)`;
  if ('href' in source) return source.href;
  const name = (source as { name?: unknown }).name;
  if (typeof name === 'string' && name !== '') return name;
  return `Blob (${where}${source.size} bytes)`;
}
