const marker = Symbol.for('dendrite.error');

/**
 * Base class of every error Dendrite throws on purpose.
 *
 * Each failure has its own subclass with read-only context fields, and its message says what
 * happened and how to fix it. Use {@link DendriteError.isInstance} rather than `instanceof` when two
 * copies of Dendrite may be installed side by side.
 *
 * @category Errors
 * @example
 * ```ts
 * try {
 *   getPlatform();
 * } catch (error) {
 *   if (DendriteError.isInstance(error)) console.log(error.code, error.message);
 * }
 * ```
 */
export class DendriteError extends Error {
  /** A stable, machine-readable name of the failure, such as `'platform-not-set'`. */
  readonly code: string;
  // biome-ignore lint/correctness/noUnusedPrivateClassMembers: read by isInstance through the symbol, so an error from another copy of the package is recognised
  private readonly [marker] = true;

  /**
   * @param code - stable name of the failure
   * @param message - what happened and how to fix it
   * @param options - the underlying cause, if any
   */
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }

  /**
   * Whether `value` is a Dendrite error, from this copy of the package or any other.
   *
   * @param value - anything caught or received
   * @returns true when `value` is a DendriteError from any copy of Dendrite
   * @example
   * ```ts
   * if (DendriteError.isInstance(error)) console.log(error.code);
   * ```
   */
  static isInstance(value: unknown): value is DendriteError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[marker] === true;
  }
}

/**
 * An API that needs a platform was called before one was set.
 *
 * @category Errors
 * @example
 * ```ts
 * import { useNodePlatform } from '@dendrite/node';
 * await useNodePlatform(); // call once at start-up to avoid PlatformNotSetError
 * ```
 */
export class PlatformNotSetError extends DendriteError {
  constructor() {
    super(
      'platform-not-set',
      'No Dendrite platform is set. Call `await useNodePlatform()` from @dendrite/node (or ' +
        '`await useWebPlatform()` from @dendrite/web in a browser) once before using this API.',
    );
  }
}

/**
 * An argument has the wrong value, shape or type. `argument` names it; the message says what was
 * expected and what was given.
 *
 * @category Errors
 * @example
 * ```ts
 * throw new InvalidArgumentError('epochs', 'must be a positive integer, got 0', 'Pass epochs >= 1.');
 * ```
 */
export class InvalidArgumentError extends DendriteError {
  /** The name of the offending argument or option. */
  readonly argument: string;

  /**
   * @param argument - name of the offending argument
   * @param problem - what is wrong with it
   * @param fix - what to do instead
   */
  constructor(argument: string, problem: string, fix: string) {
    super('invalid-argument', `Invalid ${argument}: ${problem}. ${fix}`);
    this.argument = argument;
  }
}

/**
 * Training or prediction data is unusable: mismatched lengths, labels out of range, NaN values.
 *
 * @category Errors
 * @example
 * ```ts
 * throw new InvalidDataError('y', 'has 9 rows but x has 10', 'Give one label per sample.');
 * ```
 */
export class InvalidDataError extends DendriteError {
  /** Which data is at fault (`'x'`, `'y'`, `'validationData'`, ...). */
  readonly data: string;

  /**
   * @param data - which data is at fault
   * @param problem - what is wrong with it
   * @param fix - what to do instead
   */
  constructor(data: string, problem: string, fix: string) {
    super('invalid-data', `Invalid ${data}: ${problem}. ${fix}`);
    this.data = data;
  }
}

/**
 * A requested TensorFlow.js backend could not be loaded or initialised.
 *
 * @category Errors
 * @example
 * ```ts
 * try {
 *   await useNodePlatform({ backend: 'tensorflow' });
 * } catch (error) {
 *   if (error instanceof BackendUnavailableError) console.log(error.backend, error.reason);
 * }
 * ```
 */
export class BackendUnavailableError extends DendriteError {
  /** The backend that was asked for. */
  readonly backend: string;
  /** Why it could not be used. */
  readonly reason: string;

  /**
   * @param backend - the backend asked for
   * @param reason - why it failed
   * @param fix - what to do instead
   */
  constructor(backend: string, reason: string, fix: string) {
    super('backend-unavailable', `The TensorFlow.js backend '${backend}' cannot be used: ${reason}. ${fix}`);
    this.backend = backend;
    this.reason = reason;
  }
}
