import type { DatasetWarning, SkippedImage } from './image-dataset-types.js';

const namesShown = 10;

/**
 * Describes why one image was skipped, briefly: an `ImageDecodeError`'s own `reason` when there is
 * one (its message repeats the file name), else the error's message.
 *
 * @internal
 */
export function skippedImage(name: string, error: unknown): SkippedImage {
  const details = error as { reason?: unknown; message?: unknown } | undefined;
  let reason: string;
  if (typeof details?.reason === 'string') reason = details.reason;
  else if (typeof details?.message === 'string') reason = details.message;
  else reason = String(error);
  return { name, reason, error };
}

/**
 * The warning for images skipped in one pass over `total` examples, naming the first few.
 *
 * @internal
 */
export function skippedImagesWarning(skipped: readonly SkippedImage[], total: number): DatasetWarning {
  const shown = skipped.slice(0, namesShown).map((image) => `${image.name} (${image.reason})`);
  const more = skipped.length > namesShown ? `, and ${skipped.length - namesShown} more` : '';
  const images = total === 1 ? 'image' : 'images';
  const verb = skipped.length === 1 ? 'was' : 'were';
  return {
    message:
      `${skipped.length} of ${total} ${images} could not be read or decoded and ${verb} skipped: ${shown.join('; ')}${more}. ` +
      'Remove or replace them, or pass strict: true to stop at the first one instead.',
    skipped,
  };
}
