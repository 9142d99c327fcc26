import type { SourceBox } from './pixels.js';

/**
 * The region Keras's `load_img(..., keep_aspect_ratio=True)` resizes: the largest centred box with
 * the target's aspect ratio, sized and placed with whole-number (floor) division as Keras does,
 * so an odd margin leaves the extra pixel at the bottom or right.
 *
 * @internal
 */
export function kerasCropBox(height: number, width: number, targetHeight: number, targetWidth: number): SourceBox {
  const cropHeight = Math.min(height, Math.floor((width * targetHeight) / targetWidth));
  const cropWidth = Math.min(width, Math.floor((height * targetWidth) / targetHeight));
  const top = Math.floor((height - cropHeight) / 2);
  const left = Math.floor((width - cropWidth) / 2);
  return { left, top, right: left + cropWidth, bottom: top + cropHeight };
}
