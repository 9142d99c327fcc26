import { InvalidDataError } from '@dendrite/core';
import type { AbortSignalLike, TransferProgress, UrlLike } from '@dendrite/core';
import { imagenetClassIndexJson } from '@dendrite/mobilenet-embedded';
import * as tf from '@tensorflow/tfjs-core';
import { cachingReader } from './weights/caching-reader.js';
import { sourceName } from './weights/source-name.js';

/**
 * One ImageNet class: its index in a model's 1000 outputs, its WordNet id and Keras's short name.
 *
 * @category Models
 */
export interface ImageNetClass {
  /** Index of the class in the model's output, 0 to 999. */
  readonly classIndex: number;
  /** WordNet synset id, such as `'n02124075'`. */
  readonly wordnetId: string;
  /** Keras's short class name, such as `'Egyptian_cat'`. */
  readonly className: string;
}

/**
 * The 1000 ImageNet classes in Keras's output order, entry `i` being class `i`. Load it with
 * {@link loadImageNetClassIndex}.
 *
 * @category Models
 */
export type ImageNetClassIndex = readonly ImageNetClass[];

/**
 * Where Keras downloads `imagenet_class_index.json`; the default of {@link loadImageNetClassIndex}.
 *
 * @category Models
 * @example
 * ```ts
 * const classIndex = await loadImageNetClassIndex(KERAS_IMAGENET_CLASS_INDEX_URL);
 * ```
 */
export const KERAS_IMAGENET_CLASS_INDEX_URL = 'https://storage.googleapis.com/download.tensorflow.org/data/imagenet_class_index.json';

// sha256 of the file at KERAS_IMAGENET_CLASS_INDEX_URL (whose md5 Keras checks: c2c37ea5...).
const KERAS_CLASS_INDEX_SHA256 = 'a1e7a966a1f601d39e4b43e119b3e7dd4a2ad3ea08cf69847cbaf021013767bc';
const CLASS_COUNT = 1000;

/**
 * Options of {@link loadImageNetClassIndex}.
 *
 * @category Models
 */
export interface LoadImageNetClassIndexOptions {
  /** Called as the file is read or downloaded. */
  readonly onProgress?: (event: TransferProgress) => void;
  /** Cancels the download. */
  readonly signal?: AbortSignalLike;
}

/**
 * Checks and converts the content of Keras's `imagenet_class_index.json`
 * (`{"0": ["n01440764", "tench"], ..., "999": [...]}`).
 *
 * @param json - the parsed JSON
 * @param source - where it came from, for error messages
 * @returns the 1000 classes in index order
 * @throws InvalidDataError when it is not exactly 1000 entries `"0"`..`"999"` of `[wordnetId, name]`
 * @category Models
 * @example
 * ```ts
 * const classIndex = parseImageNetClassIndex(JSON.parse(text), 'imagenet_class_index.json');
 * ```
 */
export function parseImageNetClassIndex(json: unknown, source: string): ImageNetClassIndex {
  const what = `ImageNet class index ${source}`;
  const fix = `Pass Keras's imagenet_class_index.json (from ${KERAS_IMAGENET_CLASS_INDEX_URL}) or a file of the same form.`;
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new InvalidDataError(what, 'is not a JSON object of {"<index>": ["<wordnet id>", "<name>"]}', fix);
  }
  const entries = json as Record<string, unknown>;
  const keys = Object.keys(entries);
  if (keys.length !== CLASS_COUNT) throw new InvalidDataError(what, `has ${keys.length} entries but ImageNet has ${CLASS_COUNT} classes`, fix);
  const classes: ImageNetClass[] = [];
  for (let classIndex = 0; classIndex < CLASS_COUNT; classIndex++) {
    const entry = entries[String(classIndex)];
    if (entry === undefined) throw new InvalidDataError(what, `has no entry "${classIndex}"`, fix);
    if (!Array.isArray(entry) || entry.length !== 2 || typeof entry[0] !== 'string' || typeof entry[1] !== 'string') {
      throw new InvalidDataError(what, `entry "${classIndex}" is ${JSON.stringify(entry)}, not ["<wordnet id>", "<name>"]`, fix);
    }
    classes.push({ classIndex, wordnetId: entry[0], className: entry[1] });
  }
  return Object.freeze(classes);
}

const memo = new Map<string, Promise<ImageNetClassIndex>>();

async function readClassIndex(source: string | UrlLike, options: LoadImageNetClassIndexOptions): Promise<ImageNetClassIndex> {
  const name = sourceName(source);
  // Keras's file keeps the key it always had; any other URL is cached under its address.
  const reader = cachingReader({
    cacheKey: (url) => (url === KERAS_IMAGENET_CLASS_INDEX_URL ? 'imagenet/imagenet_class_index.json' : `imagenet/${url}`),
    sha256: (url) => (url === KERAS_IMAGENET_CLASS_INDEX_URL ? KERAS_CLASS_INDEX_SHA256 : undefined),
  });
  const bytes = await reader.read(name, { onProgress: options.onProgress, signal: options.signal });
  try {
    let json: unknown;
    try {
      json = JSON.parse(tf.util.decodeString(bytes, 'utf-8'));
    } catch (cause) {
      throw new InvalidDataError(`ImageNet class index ${name}`, `is not valid JSON (${cause instanceof Error ? cause.message : String(cause)})`, 'Check that the file is complete.');
    }
    return parseImageNetClassIndex(json, name);
  } catch (error) {
    // A download that is not a class index must not be served from the cache next time.
    await reader.discard();
    throw error;
  }
}

/**
 * Loads the 1000 ImageNet classes from a file in Keras's `imagenet_class_index.json` form, through
 * the platform. By default it downloads the file Keras uses (checking its sha256). An http(s) file is
 * downloaded once into the platform's cache and read from there afterwards, also offline; a
 * download that is not a valid class index is not kept. The result is remembered per source, so
 * later calls cost nothing.
 *
 * @param source - path or URL of the file; default {@link KERAS_IMAGENET_CLASS_INDEX_URL}
 * @param options - progress and cancellation
 * @returns the classes in index order
 * @throws InvalidDataError when the file is not a 1000-class index; the platform's I/O errors when
 *   it cannot be read
 * @category Models
 * @example
 * ```ts
 * const classIndex = await loadImageNetClassIndex();
 * console.log(classIndex[285]?.className); // 'Egyptian_cat'
 * ```
 */
export function loadImageNetClassIndex(
  source: string | UrlLike = KERAS_IMAGENET_CLASS_INDEX_URL,
  options: LoadImageNetClassIndexOptions = {},
): Promise<ImageNetClassIndex> {
  const key = sourceName(source);
  const known = memo.get(key);
  if (known !== undefined) return known;
  const loading = readClassIndex(source, options);
  memo.set(key, loading);
  // A failed load is forgotten, so the next call tries again.
  loading.catch(() => memo.delete(key));
  return loading;
}

/** Forgets every class index loaded so far. For tests. @internal */
export function forgetImageNetClassIndexes(): void {
  memo.clear();
}

let embedded: ImageNetClassIndex | undefined;

/**
 * Keras's ImageNet class index as it ships inside `@dendrite/mobilenet-embedded` (the same bytes Keras
 * downloads): available at once, offline, with no platform set. It is what {@link decodePredictions}
 * and {@link classify} use when given no `classIndex`.
 *
 * @returns the 1000 classes in index order; the same array on every call
 * @category Models
 * @example
 * ```ts
 * const classIndex = embeddedImageNetClassIndex();
 * console.log(classIndex[155]?.className); // 'Shih-Tzu'
 * ```
 */
export function embeddedImageNetClassIndex(): ImageNetClassIndex {
  embedded ??= parseImageNetClassIndex(imagenetClassIndexJson, '@dendrite/mobilenet-embedded/imagenet_class_index.json');
  return embedded;
}
