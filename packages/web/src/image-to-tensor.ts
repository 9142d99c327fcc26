import { ImageDecodeError } from '@dendrite/core';
import { browser, type Tensor3D } from '@tensorflow/tfjs-core';

/**
 * Something on a page that holds pixels: an `<img>`, a `<canvas>`, a `<video>` (its current
 * frame), an `ImageBitmap`, a WebCodecs `VideoFrame` or an `OffscreenCanvas`.
 *
 * @category Images
 * @example
 * ```ts
 * const pixels: PixelSource = document.querySelector('img')!;
 * ```
 */
export type PixelSource = HTMLImageElement | HTMLCanvasElement | ImageBitmap | HTMLVideoElement | VideoFrame | OffscreenCanvas;

/** `HTMLMediaElement.HAVE_CURRENT_DATA`: the video has a frame to show. */
const haveCurrentData = 2;

/**
 * The pixels of an image, canvas, video frame or bitmap on the page, as an int32 RGB tensor
 * `[height, width, 3]` with values 0..255 (alpha dropped). The caller owns the tensor.
 *
 * An `<img>` is read at its natural size (not the size it is displayed at), after it has finished
 * loading, with its EXIF orientation applied. A `<video>` gives its current frame. Conversion uses
 * `tf.browser.fromPixels` with 3 channels, on whichever backend is active.
 *
 * @param image - the element or bitmap to read
 * @returns the pixels as `[height, width, 3]` int32
 * @throws {@link @dendrite/core!ImageDecodeError} when an `<img>` failed to load, a `<video>` has no
 * frame yet, or the image is empty (0 pixels wide or high, or a closed bitmap)
 * @category Images
 * @example
 * ```ts
 * const photo = document.querySelector<HTMLImageElement>('#photo')!;
 * const pixels = await imageToTensor(photo);
 * console.log(pixels.shape); // [naturalHeight, naturalWidth, 3]
 * pixels.dispose();
 * ```
 */
export async function imageToTensor(image: PixelSource): Promise<Tensor3D> {
  const source = describe(image);
  if (isInstance(image, 'HTMLVideoElement')) {
    if (image.readyState < haveCurrentData || image.videoWidth === 0) {
      throw new ImageDecodeError(source, "the video has no frame yet; wait for its 'loadeddata' event before reading it");
    }
    return browser.fromPixels(image, 3);
  }
  if (isInstance(image, 'ImageBitmap')) {
    if (image.width === 0 || image.height === 0) throw new ImageDecodeError(source, 'the bitmap is empty or was closed');
    return browser.fromPixels(image, 3);
  }
  if (isInstance(image, 'HTMLImageElement')) {
    try {
      await image.decode();
    } catch (error) {
      throw new ImageDecodeError(source, 'the image failed to load or could not be decoded', { cause: error });
    }
  }
  // A bitmap gives the natural size of an <img>, and makes canvases with a WebGL context,
  // OffscreenCanvas and VideoFrame readable by every backend.
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(image, { imageOrientation: 'from-image', premultiplyAlpha: 'none' });
  } catch (error) {
    const reason = error instanceof Error && error.message !== '' ? error.message : 'the browser gave no reason';
    throw new ImageDecodeError(source, `its pixels could not be read (${reason}); is it empty, or a closed VideoFrame?`, {
      cause: error,
    });
  }
  try {
    return browser.fromPixels(bitmap, 3);
  } finally {
    bitmap.close();
  }
}

interface PixelSourceTypes {
  HTMLImageElement: HTMLImageElement;
  HTMLVideoElement: HTMLVideoElement;
  ImageBitmap: ImageBitmap;
}

/** `instanceof` that holds where the class does not exist (a worker has no HTMLImageElement). */
function isInstance<K extends keyof PixelSourceTypes>(value: unknown, name: K): value is PixelSourceTypes[K] {
  const type = (globalThis as Record<string, unknown>)[name];
  return typeof type === 'function' && value instanceof type;
}

function describe(image: PixelSource): string {
  if (isInstance(image, 'HTMLImageElement')) return `the image ${image.currentSrc || image.src || '(no src)'}`;
  if (isInstance(image, 'HTMLVideoElement')) return `the video ${image.currentSrc || image.src || '(no src)'}`;
  return `a ${image.constructor.name}`;
}
