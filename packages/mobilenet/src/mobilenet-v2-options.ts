import type { ManifestTrust } from '@dendrite/core';
import { InvalidArgumentError } from '@dendrite/core';
import type { AbortSignalLike, TransferProgress, UrlLike } from '@dendrite/core';

/**
 * The pooling applied to the last feature map when `includeTop` is false: `'avg'` or `'max'` gives
 * one vector per image, `null` or `undefined` keeps the 4D feature map.
 *
 * @category Models
 * @example
 * ```ts
 * const extractor = buildMobileNetV2({ includeTop: false, pooling: 'avg' }); // output [n, 1280]
 * ```
 */
export type MobileNetV2Pooling = 'avg' | 'max';

/**
 * The activation of the `predictions` layer. `null` or `'linear'` gives logits.
 *
 * @category Models
 * @example
 * ```ts
 * const logits = buildMobileNetV2({ classifierActivation: null });
 * ```
 */
export type ClassifierActivation = 'softmax' | 'sigmoid' | 'linear';

/**
 * Where MobileNetV2's weights come from: `'imagenet'` (the pretrained weights Keras publishes, looked
 * up in a registry of Keras's files, downloaded once and cached), `'imagenet-uint8'` (the 8-bit
 * ImageNet weights embedded in `@dendrite/mobilenet-embedded`, offline, alpha 1.0 at 224), the path or URL of a TF.js layers `model.json` or a Keras
 * `.h5` weights file, or `null` for random initialisation.
 *
 * @category Models
 * @example
 * ```ts
 * const weights: MobileNetV2Weights = 'models/mobilenet_v2/model.json';
 * ```
 */
// `string & {}` keeps editors suggesting 'imagenet' while still accepting any path.
export type MobileNetV2Weights = 'imagenet' | 'imagenet-uint8' | (string & {}) | UrlLike | null;

/**
 * Options of {@link buildMobileNetV2}: the architecture alone, as Keras's `MobileNetV2` takes them.
 *
 * @category Models
 */
export interface MobileNetV2ArchitectureOptions {
  /**
   * Width multiplier: every layer's channel count is scaled by it (then rounded to a multiple of 8).
   * Keras publishes ImageNet weights for 0.35, 0.5, 0.75, 1.0, 1.3 and 1.4. Default 1.0.
   */
  readonly alpha?: number;
  /** `[height, width, channels]` of one image, each side at least 32. Default `[224, 224, 3]`. */
  readonly inputShape?: readonly [number, number, number];
  /** Whether to end with global average pooling and the `predictions` Dense layer. Default true. */
  readonly includeTop?: boolean;
  /** Pooling after the last convolution when `includeTop` is false. Ignored with the top. */
  readonly pooling?: MobileNetV2Pooling | null;
  /** Number of classes of the `predictions` layer when `includeTop` is true. Default 1000. */
  readonly classes?: number;
  /** Activation of the `predictions` layer. Default `'softmax'`; `null` gives logits. */
  readonly classifierActivation?: ClassifierActivation | null;
}

/**
 * Options of {@link MobileNetV2}: the architecture, where the weights come from, and download
 * progress.
 *
 * @category Models
 */
export interface MobileNetV2Options extends MobileNetV2ArchitectureOptions, ManifestTrust {
  /** Where the weights come from. Default `'imagenet'`, as in Keras. */
  readonly weights?: MobileNetV2Weights;
  /** Called as weight files are read or downloaded. */
  readonly onProgress?: (event: TransferProgress) => void;
  /** Cancels the download. */
  readonly signal?: AbortSignalLike;
}

/** The architecture options with every default filled in and checked. @internal */
export interface ResolvedArchitecture {
  readonly alpha: number;
  readonly rows: number;
  readonly cols: number;
  readonly channels: number;
  readonly includeTop: boolean;
  readonly pooling: MobileNetV2Pooling | null;
  readonly classes: number;
  readonly classifierActivation: ClassifierActivation;
}

const MIN_SIZE = 32;

function isPositiveInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value > 0;
}

/**
 * Checks the architecture options and fills in Keras's defaults.
 *
 * @internal
 * @param options - what the caller passed
 * @returns the checked options
 * @throws InvalidArgumentError naming the first bad option
 */
export function resolveArchitecture(options: MobileNetV2ArchitectureOptions): ResolvedArchitecture {
  const alpha = options.alpha ?? 1.0;
  if (typeof alpha !== 'number' || !Number.isFinite(alpha) || alpha <= 0) {
    throw new InvalidArgumentError('alpha', `must be a positive number, got ${String(alpha)}`, 'Use 1.0 (the default) or one of 0.35, 0.5, 0.75, 1.3, 1.4.');
  }
  const inputShape = options.inputShape ?? [224, 224, 3];
  if (!Array.isArray(inputShape) || inputShape.length !== 3 || !inputShape.every(isPositiveInteger)) {
    throw new InvalidArgumentError(
      'inputShape',
      `must be [height, width, channels] with positive integers, got ${JSON.stringify(inputShape)}`,
      'Pass for example [224, 224, 3].',
    );
  }
  const [rows, cols, channels] = inputShape;
  if (rows < MIN_SIZE || cols < MIN_SIZE) {
    throw new InvalidArgumentError('inputShape', `height and width must be at least ${MIN_SIZE}, got ${rows}x${cols}`, 'Resize the images to 32x32 or more (224x224 is the usual size).');
  }
  const includeTop = options.includeTop ?? true;
  const pooling = options.pooling ?? null;
  if (pooling !== null && pooling !== 'avg' && pooling !== 'max') {
    throw new InvalidArgumentError('pooling', `must be 'avg', 'max' or null, got ${JSON.stringify(pooling)}`, "Pass 'avg' for one feature vector per image.");
  }
  const classes = options.classes ?? 1000;
  if (!isPositiveInteger(classes)) {
    throw new InvalidArgumentError('classes', `must be a positive integer, got ${String(classes)}`, 'Pass the number of classes of the predictions layer.');
  }
  // Keras: softmax when not given, logits when given as None.
  const classifierActivation =
    options.classifierActivation === undefined ? 'softmax' : (options.classifierActivation ?? 'linear');
  if (!['softmax', 'sigmoid', 'linear'].includes(classifierActivation)) {
    throw new InvalidArgumentError(
      'classifierActivation',
      `must be 'softmax', 'sigmoid', 'linear' or null, got ${JSON.stringify(classifierActivation)}`,
      "Use 'softmax' (the default) for class probabilities or null for logits.",
    );
  }
  return {
    alpha,
    rows,
    cols,
    channels,
    includeTop,
    pooling,
    classes,
    classifierActivation,
  };
}

/**
 * Checks what pretrained ImageNet weights require besides a published alpha and size (which the
 * registry checks): 3 channels, and with the top 1000 classes and a softmax or linear classifier.
 *
 * @internal
 * @param architecture - the resolved architecture
 * @throws InvalidArgumentError naming the first option the weights cannot serve
 */
export function checkImagenetArchitecture(architecture: ResolvedArchitecture): void {
  const { channels, includeTop, classes, classifierActivation } = architecture;
  if (channels !== 3) {
    throw new InvalidArgumentError('inputShape', `ImageNet weights need 3 (RGB) channels; got ${channels}`, 'Convert the images to RGB, or pass weights: null.');
  }
  if (includeTop && classes !== 1000) {
    throw new InvalidArgumentError(
      'classes',
      `ImageNet weights with includeTop: true have 1000 classes; got ${classes}`,
      'Use includeTop: false and add your own head for other classes (transfer learning), or pass classes: 1000.',
    );
  }
  if (includeTop && classifierActivation === 'sigmoid') {
    throw new InvalidArgumentError(
      'classifierActivation',
      "ImageNet weights were trained with 'softmax'",
      "Use 'softmax' or null (logits) with ImageNet weights.",
    );
  }
}
