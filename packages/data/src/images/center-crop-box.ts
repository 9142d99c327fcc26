/**
 * A rectangle inside an image, in pixels.
 *
 * @internal
 */
export interface CropBox {
  readonly top: number;
  readonly left: number;
  readonly height: number;
  readonly width: number;
}

/**
 * The largest centred rectangle of an `imageHeight` x `imageWidth` image whose aspect ratio is that
 * of `targetHeight` x `targetWidth`. When the leftover margin is odd, the extra pixel goes to the
 * bottom or right.
 *
 * @internal
 */
export function centerCropBox(imageHeight: number, imageWidth: number, targetHeight: number, targetWidth: number): CropBox {
  // Compare imageWidth / imageHeight with targetWidth / targetHeight without dividing.
  if (imageWidth * targetHeight > imageHeight * targetWidth) {
    const width = Math.max(1, Math.min(imageWidth, Math.round((imageHeight * targetWidth) / targetHeight)));
    return { top: 0, left: Math.floor((imageWidth - width) / 2), height: imageHeight, width };
  }
  const height = Math.max(1, Math.min(imageHeight, Math.round((imageWidth * targetHeight) / targetWidth)));
  return { top: Math.floor((imageHeight - height) / 2), left: 0, height, width: imageWidth };
}
