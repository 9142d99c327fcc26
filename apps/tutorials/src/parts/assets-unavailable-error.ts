import { DendriteError } from '@dendrite/core';

/** One file the classifier needs that could not be had. */
export interface UnavailableAsset {
  /** What the file is for. */
  readonly what: 'weights' | 'labels';
  /** Where it was looked for (`'imagenet'`, a path or a URL). */
  readonly source: string;
  /** Why it could not be read or downloaded. */
  readonly cause: DendriteError;
}

/** The I/O failures that mean "the file cannot be had here", as opposed to "the file is wrong". */
const unavailableCodes = new Set(['network', 'offline', 'checksum-mismatch', 'resource-not-found']);

/** Whether `error` says a file could not be read or downloaded (no network, offline, missing, corrupt download). */
export function isUnavailable(error: unknown): error is DendriteError {
  return DendriteError.isInstance(error) && unavailableCodes.has(error.code);
}

function describeAsset({ what, source }: UnavailableAsset): string {
  if (what === 'weights') return source === 'imagenet' ? "Keras's ImageNet weights for MobileNetV2" : `MobileNetV2's weights from ${source}`;
  return `the ImageNet class names from ${source}`;
}

/**
 * The weights or the class names of part 3 could not be had (no network, offline mode, a missing
 * file). The message says which, why, and how to pass local copies.
 */
export class AssetsUnavailableError extends DendriteError {
  /** Every file that could not be had. */
  readonly assets: readonly UnavailableAsset[];

  constructor(assets: readonly UnavailableAsset[]) {
    const reasons = assets.map((asset) => `Cannot get ${describeAsset(asset)}. ${asset.cause.message}`);
    super(
      'assets-unavailable',
      [
        ...reasons,
        'To run without downloading, leave out --weights and --labels (the embedded weights imagenet-uint8',
        'and class index need no file), or pass local copies, as in npm run tutorials -- classify photo.jpg with:',
        '  --weights path/to/model.json   (a TensorFlow.js layers model, its .bin shards beside it)',
        '  --weights path/to/weights.h5   (or a Keras weights file)',
        '  --labels path/to/imagenet_class_index.json   (Keras\'s class index)',
      ].join('\n'),
      { cause: assets[0]?.cause },
    );
    this.assets = assets;
  }
}
