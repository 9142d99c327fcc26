import * as tf from '@tensorflow/tfjs-core';
import { InvalidArgumentError } from './errors.js';

/**
 * Options of {@link heatmapOverlay}.
 *
 * @category Models
 * @example
 * ```ts
 * const options: HeatmapOverlayOptions = { alpha: 0.4 };
 * ```
 */
export interface HeatmapOverlayOptions {
  /** How much of the coloured heatmap shows over the photo, 0..1. Default 0.4, as keras.io. */
  readonly alpha?: number;
}

// matplotlib's 'jet' (the keras.io recipe's colour map): piecewise linear in each channel.
const JET: readonly (readonly (readonly [number, number])[])[] = [
  [[0, 0], [0.35, 0], [0.66, 1], [0.89, 1], [1, 0.5]],
  [[0, 0], [0.125, 0], [0.375, 1], [0.64, 1], [0.91, 0], [1, 0]],
  [[0, 0.5], [0.11, 1], [0.34, 1], [0.65, 0], [1, 0]],
];

function interpolate(points: readonly (readonly [number, number])[], x: number): number {
  for (let i = 1; i < points.length; i += 1) {
    const [x1, y1] = points[i] as readonly [number, number];
    const [x0, y0] = points[i - 1] as readonly [number, number];
    if (x <= x1) return y0 + ((y1 - y0) * (x - x0)) / (x1 - x0);
  }
  return (points[points.length - 1] as readonly [number, number])[1];
}

/**
 * The 'jet' colour of a heat value: dark blue at 0, through cyan, yellow and red, to dark red at 1.
 *
 * @param value - 0..1 (clamped)
 * @returns red, green and blue, each 0..1
 * @category Models
 * @example
 * ```ts
 * jetColor(1); // [0.5, 0, 0]: the hottest spots are dark red
 * ```
 */
export function jetColor(value: number): [number, number, number] {
  const x = Math.min(1, Math.max(0, value));
  return JET.map((points) => interpolate(points, x)) as [number, number, number];
}

/**
 * A photo with its Grad-CAM heatmap laid over it, as the keras.io recipe shows it: the heatmap is
 * coloured with the 'jet' map, resized (bilinear) to the photo and blended in.
 *
 * @param image - the photo [height, width, 3], values 0..255 (not preprocessed)
 * @param heatmap - one heatmap [h, w], values 0..1, such as a slice of {@link gradCam}'s output
 * @param options - how strongly the heatmap shows
 * @returns the blended image [height, width, 3], int32 values 0..255, owned by the caller
 * @throws InvalidArgumentError when the shapes are not an RGB image and a 2-D heatmap
 * @category Models
 * @example
 * ```ts
 * const [heatmap] = tf.unstack(gradCam(model, preprocessInput(photo.expandDims(0))));
 * const overlay = heatmapOverlay(photo, heatmap); // encode it as a PNG, or draw it with tf.browser.toPixels
 * ```
 */
export function heatmapOverlay(image: tf.Tensor3D, heatmap: tf.Tensor2D, options: HeatmapOverlayOptions = {}): tf.Tensor3D {
  if (image.rank !== 3 || image.shape[2] !== 3) {
    throw new InvalidArgumentError('image', `must be an RGB image [height, width, 3], got shape [${image.shape.join(', ')}]`, 'Pass the photo as decoded, values 0..255.');
  }
  if (heatmap.rank !== 2) {
    throw new InvalidArgumentError('heatmap', `must be one heatmap [h, w], got shape [${heatmap.shape.join(', ')}]`, 'Take one image\'s heatmap from gradCam\'s [n, h, w] output.');
  }
  const alpha = options.alpha ?? 0.4;
  if (!(alpha >= 0 && alpha <= 1)) throw new InvalidArgumentError('alpha', `must be between 0 and 1, got ${alpha}`, 'Leave it out for 0.4.');
  const [h, w] = heatmap.shape;
  // keras.io colours the heatmap after scaling it to 0..255 integers; the same steps here.
  const colours = Array.from(heatmap.dataSync(), (value) => jetColor(Math.round(255 * Math.min(1, Math.max(0, value))) / 255)).flat();
  return tf.tidy(() => {
    // Half-pixel centres, as image libraries resize: each heat cell's colour sits at its cell's centre.
    const coloured = tf.image.resizeBilinear(tf.tensor3d(colours, [h, w, 3]), [image.shape[0], image.shape[1]], false, true);
    const blended = tf.add(tf.mul(tf.cast(image, 'float32'), 1 - alpha), tf.mul(coloured, 255 * alpha));
    return tf.cast(tf.round(tf.clipByValue(blended, 0, 255)), 'int32') as tf.Tensor3D;
  });
}
