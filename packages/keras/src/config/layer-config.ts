import { UnsupportedKerasLayerError } from './errors.js';

/** A JSON object from a Keras config. @internal */
export type JsonObject = Readonly<Record<string, unknown>>;

/** @internal */
export function asObject(value: unknown): JsonObject | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonObject) : undefined;
}

/** Options every layer may carry that do not change what it computes once its weights are set. */
const harmless = new Set(['name', 'trainable', 'dtype', 'batch_input_shape', 'input_shape', 'batch_size', 'input_dtype']);

/**
 * One layer's Keras config, read option by option. Each read checks the value, and
 * {@link KerasLayerConfig.finish} refuses any option no translator read, so that an option Dendrite
 * does not know can never be dropped silently.
 *
 * @category Models
 * @example
 * ```ts
 * const randomFlip: KerasLayerTranslator = (config) => {
 *   const mode = config.string('mode', 'horizontal_and_vertical');
 *   config.finish(['seed']);
 *   return new MyRandomFlip({ name: config.name, mode });
 * };
 * ```
 */
export class KerasLayerConfig {
  /** The layer's name in the model. */
  readonly name: string;
  /** Its Keras class, such as `'Conv2D'`. */
  readonly className: string;
  /** Whether Keras trains its weights. */
  readonly trainable: boolean;
  private readonly read = new Set<string>();

  /**
   * @internal
   * @param config - the layer's `config` object
   * @param className - its Keras class
   * @param source - the file, for errors
   * @param supported - the classes that can be built, for errors
   */
  constructor(
    private readonly config: JsonObject,
    className: string,
    private readonly source: string,
    private readonly supported: readonly string[],
  ) {
    this.className = className;
    this.name = typeof config['name'] === 'string' ? config['name'] : className;
    this.trainable = config['trainable'] !== false;
  }

  /**
   * An error naming this layer and what about it is not supported, for a translator to throw.
   *
   * @param detail - what about the layer is not supported, such as `has option groups=2`
   * @returns the error, not thrown
   */
  unsupported(detail: string): UnsupportedKerasLayerError {
    return new UnsupportedKerasLayerError(this.source, this.name, this.className, detail, this.supported);
  }

  /**
   * The raw value of an option, marked as read, for options the typed readers do not cover.
   *
   * @param key - the option's name in the Keras config, such as `'kernel_size'`
   * @returns the value as the file holds it, unchecked
   */
  raw(key: string): unknown {
    this.read.add(key);
    return this.config[key];
  }

  /**
   * A number option.
   *
   * @param key - the option's name in the Keras config
   * @param fallback - the value when the option is absent or null
   * @returns the option's finite number
   */
  number(key: string, fallback?: number): number {
    const value = this.raw(key) ?? fallback;
    if (typeof value !== 'number' || !Number.isFinite(value)) throw this.unsupported(`has option ${key}=${JSON.stringify(value)}, not a number`);
    return value;
  }

  /**
   * A number option that may be null.
   *
   * @param key - the option's name in the Keras config
   * @returns the option's finite number, or `undefined` when it is null or absent
   */
  optionalNumber(key: string): number | undefined {
    const value = this.raw(key);
    if (value === null || value === undefined) return undefined;
    if (typeof value !== 'number' || !Number.isFinite(value)) throw this.unsupported(`has option ${key}=${JSON.stringify(value)}, not a number`);
    return value;
  }

  /**
   * A boolean option.
   *
   * @param key - the option's name in the Keras config
   * @param fallback - the value when the option is absent or null
   * @returns the option's value
   */
  boolean(key: string, fallback: boolean): boolean {
    const value = this.raw(key) ?? fallback;
    if (typeof value !== 'boolean') throw this.unsupported(`has option ${key}=${JSON.stringify(value)}, not true or false`);
    return value;
  }

  /**
   * A text option.
   *
   * @param key - the option's name in the Keras config
   * @param fallback - the value when the option is absent or null
   * @param allowed - the values the translator supports; any other is refused
   * @returns the option's value
   */
  string<T extends string>(key: string, fallback: T, allowed?: readonly T[]): T {
    const value = this.raw(key) ?? fallback;
    if (typeof value !== 'string' || (allowed !== undefined && !allowed.includes(value as T))) {
      const choices = allowed === undefined ? '' : ` (supported: ${allowed.join(', ')})`;
      throw this.unsupported(`has option ${key}=${JSON.stringify(value)}${choices}`);
    }
    return value as T;
  }

  /**
   * Checks an option that must have one of a few values (or be absent), such as `groups: 1`.
   *
   * @param key - the option's name in the Keras config
   * @param accepted - the values supported, compared as JSON
   */
  expect(key: string, ...accepted: readonly unknown[]): void {
    const value = this.raw(key);
    if (value === undefined) return;
    if (!accepted.some((one) => JSON.stringify(one) === JSON.stringify(value))) {
      throw this.unsupported(`has option ${key}=${JSON.stringify(value)}; only ${accepted.map((one) => JSON.stringify(one)).join(' or ')} is supported`);
    }
  }

  /**
   * A size given as one integer or a list of integers, such as `kernel_size`.
   *
   * @param key - the option's name in the Keras config
   * @param rank - how many integers the size has, such as 2 for `Conv2D`
   * @param fallback - the value when the option is absent or null
   * @returns `rank` integers; one integer in the file is repeated `rank` times
   */
  integers(key: string, rank: number, fallback?: number | readonly number[]): number[] {
    const value = this.raw(key) ?? fallback;
    const list = typeof value === 'number' ? new Array<number>(rank).fill(value) : value;
    if (!Array.isArray(list) || list.length !== rank || !list.every((item) => Number.isInteger(item))) {
      throw this.unsupported(`has option ${key}=${JSON.stringify(value)}, not ${rank} integers`);
    }
    return list as number[];
  }

  /** `data_format`, which must be channels_last (TensorFlow.js on CPU and WebGL runs NHWC). */
  channelsLast(): void {
    this.string('data_format', 'channels_last', ['channels_last']);
  }

  /**
   * Checks options that must be null or absent, such as regularizers and constraints, which would change training.
   *
   * @param keys - the options' names in the Keras config
   */
  none(...keys: readonly string[]): void {
    for (const key of keys) {
      const value = this.raw(key);
      if (value !== null && value !== undefined) {
        throw this.unsupported(`has option ${key}=${JSON.stringify(value)}; only null is supported`);
      }
    }
  }

  /**
   * Checks that every option was read, apart from `ignored` ones (which the translator knows do
   * not change the layer's outputs, such as initializers). Call it last.
   *
   * @param ignored - options the translator leaves unread on purpose
   */
  finish(ignored: readonly string[] = []): void {
    const dtype = this.config['dtype'];
    const dtypeName = typeof dtype === 'string' ? dtype : asObject(asObject(dtype)?.['config'])?.['name'];
    if (dtype !== undefined && dtype !== null && dtypeName !== 'float32') {
      throw this.unsupported(`computes in ${JSON.stringify(dtypeName ?? dtype)}; only float32 is supported`);
    }
    for (const key of Object.keys(this.config)) {
      if (this.read.has(key) || harmless.has(key) || ignored.includes(key) || /_initializer$/.test(key)) continue;
      throw this.unsupported(`has option ${key}=${JSON.stringify(this.config[key])}, which Dendrite does not know`);
    }
  }
}
