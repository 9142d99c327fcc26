import { emptyLike, type Pixels, type SourceBox } from './pixels.js';

/**
 * Resizes `box` of an image to `height` x `width` by nearest neighbour, as Pillow's `NEAREST` does:
 * output pixel `i` takes the input pixel under its centre, `floor(start + (i + 0.5) * scale)`,
 * the position advancing by `scale` from pixel to pixel as Pillow steps it. Positions outside the
 * image stay 0.
 *
 * @internal
 */
export function pillowNearest<T extends Uint8Array | Float32Array>(
  image: Pixels<T>,
  height: number,
  width: number,
  box: SourceBox,
): Pixels<T> {
  const { channels } = image;
  const columns = positions(box.left, box.right, width, image.width);
  const rows = positions(box.top, box.bottom, height, image.height);
  const output = emptyLike(image.data, height, width, channels);
  const source = image.data;
  const target = output.data;
  for (let y = 0; y < height; y += 1) {
    const inY = rows[y] as number;
    if (inY < 0) continue;
    for (let x = 0; x < width; x += 1) {
      const inX = columns[x] as number;
      if (inX < 0) continue;
      const from = (inY * image.width + inX) * channels;
      const to = (y * width + x) * channels;
      for (let c = 0; c < channels; c += 1) target[to + c] = source[from + c] as number;
    }
  }
  return output;
}

/** The input index for each output index along an axis, or -1 outside the image. */
function positions(start: number, end: number, outSize: number, inSize: number): Int32Array {
  const step = Math.fround(Math.fround(end) - Math.fround(start)) / outSize;
  const result = new Int32Array(outSize);
  // Accumulated, not multiplied, so that rounding lands on the same pixel as Pillow's loop.
  let position = Math.fround(start) + step * 0.5;
  for (let i = 0; i < outSize; i += 1) {
    const index = position < 0 ? -1 : Math.trunc(position);
    result[i] = index < inSize ? index : -1;
    position += step;
  }
  return result;
}
