/**
 * An image as a flat array of samples, row by row, `channels` samples per pixel. `Uint8Array`
 * holds whole levels 0..255 (resampled with Pillow's 8-bit fixed-point arithmetic);
 * `Float32Array` holds any values (resampled in double precision, as Pillow does for float images).
 *
 * @internal
 */
export interface Pixels<T extends Uint8Array | Float32Array = Uint8Array | Float32Array> {
  readonly data: T;
  readonly height: number;
  readonly width: number;
  readonly channels: number;
}

/**
 * The region of an image that is resized, in pixels: `left`, `top` inclusive, `right`, `bottom`
 * exclusive. It may be fractional, as Pillow's `box`.
 *
 * @internal
 */
export interface SourceBox {
  readonly left: number;
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
}

/** The whole of an image as a {@link SourceBox}. @internal */
export function wholeImage(pixels: Pixels): SourceBox {
  return { left: 0, top: 0, right: pixels.width, bottom: pixels.height };
}

/** A new image of the same sample type as `like`. @internal */
export function emptyLike<T extends Uint8Array | Float32Array>(like: T, height: number, width: number, channels: number): Pixels<T> {
  const length = height * width * channels;
  const data = (like instanceof Uint8Array ? new Uint8Array(length) : new Float32Array(length)) as T;
  return { data, height, width, channels };
}
