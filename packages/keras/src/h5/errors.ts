import { DendriteError } from '@dendrite/core';

const defaultFix =
  'Pass a complete file written by Keras: `model.save_weights("x.h5")`, `model.save("x.h5")`, or a ' +
  'weights file Keras downloads for `weights="imagenet"`.';

/**
 * Bytes given as a Keras HDF5 weights file could not be read as one: they are not HDF5, the file
 * is cut short, or it is HDF5 without the layout Keras writes (`layer_names` and `weight_names`).
 *
 * @category Errors
 * @example
 * ```ts
 * try {
 *   readKerasH5Weights(bytes, { source: 'keras_model.h5' });
 * } catch (error) {
 *   if (error instanceof KerasH5FormatError) console.log(error.source, error.reason);
 * }
 * ```
 */
export class KerasH5FormatError extends DendriteError {
  /** Where the bytes came from (a path, URL or description), as the caller named it. */
  readonly source: string;
  /** What is wrong with the file, such as `'it is not an HDF5 file'`. */
  readonly reason: string;

  /**
   * @param source - where the bytes came from
   * @param reason - what is wrong with them
   * @param fix - what the user should do instead; a general hint when omitted
   * @param options - the underlying cause, if any
   */
  constructor(source: string, reason: string, fix: string = defaultFix, options?: { cause?: unknown }) {
    super('keras-h5-format', `Cannot read Keras weights from ${source}: ${reason}. ${fix}`, options);
    this.source = source;
    this.reason = reason;
  }
}
