import { DendriteError } from '@dendrite/core';

/**
 * Bytes given as a Keras `.keras` archive could not be read as one: they are not a zip, the zip is
 * cut short or damaged, it lacks an entry Keras writes, or it breaks a safety limit (too many
 * entries, or entries that would unpack to far more bytes than the file holds).
 *
 * @category Errors
 * @example
 * ```ts
 * try {
 *   await loadKerasModel('cats.keras');
 * } catch (error) {
 *   if (error instanceof KerasArchiveError) console.log(error.source, error.reason);
 * }
 * ```
 */
export class KerasArchiveError extends DendriteError {
  /** Where the bytes came from, as the caller named it. */
  readonly source: string;
  /** What is wrong with the archive, such as `'it is cut short'`. */
  readonly reason: string;

  /**
   * @param source - where the bytes came from
   * @param reason - what is wrong with them
   * @param fix - what the user should do instead
   * @param options - the underlying cause, if any
   */
  constructor(
    source: string,
    reason: string,
    fix = 'Save the model again from Keras with `model.save("model.keras")` and pass that file.',
    options?: { cause?: unknown },
  ) {
    super('keras-archive', `Cannot read the Keras archive ${source}: ${reason}. ${fix}`, options);
    this.source = source;
    this.reason = reason;
  }
}
