import { DendriteError } from '@dendrite/core';

/**
 * A Keras model config names a layer class, or a layer option, that Dendrite cannot build as the
 * same model in TensorFlow.js. Loading stops rather than build a model that would predict
 * differently.
 *
 * @category Errors
 * @example
 * ```ts
 * try {
 *   await loadKerasModel('model.keras');
 * } catch (error) {
 *   if (error instanceof UnsupportedKerasLayerError) console.log(error.layer, error.className, error.supported);
 * }
 * ```
 */
export class UnsupportedKerasLayerError extends DendriteError {
  /** The file the config came from. */
  readonly source: string;
  /** The layer's name in the model, such as `'unit_norm'`. */
  readonly layer: string;
  /** The layer's Keras class, such as `'UnitNormalization'`. */
  readonly className: string;
  /** What is not supported: the class itself, or one of its options. */
  readonly detail: string;
  /** The Keras layer classes Dendrite can build. */
  readonly supported: readonly string[];

  /**
   * @param source - the file
   * @param layer - the layer's name
   * @param className - its Keras class
   * @param detail - what is not supported
   * @param supported - the classes that are
   */
  constructor(source: string, layer: string, className: string, detail: string, supported: readonly string[]) {
    super(
      'keras-unsupported-layer',
      `Cannot load ${source}: layer '${layer}' (${className}) ${detail}. Dendrite builds these Keras layers: ` +
        `${supported.join(', ')}. Replace the layer in Keras and save again, or pass a translator for ` +
        `'${className}' in the \`layers\` option.`,
    );
    this.source = source;
    this.layer = layer;
    this.className = className;
    this.detail = detail;
    this.supported = supported;
  }
}

/**
 * A Keras model config holds code or an object only its author's Python can build: a `Lambda`
 * layer, a registered custom object, or a class from outside Keras. Like Keras's `safe_mode`,
 * Dendrite refuses these; unlike Keras there is no switch to run them, since a file must never
 * decide what code runs.
 *
 * @category Errors
 * @example
 * ```ts
 * try {
 *   await loadKerasModel('downloaded.keras');
 * } catch (error) {
 *   if (error instanceof UnsafeKerasObjectError) console.log(`refused ${error.layer}: ${error.className}`);
 * }
 * ```
 */
export class UnsafeKerasObjectError extends DendriteError {
  /** The file the config came from. */
  readonly source: string;
  /** The layer's name in the model. */
  readonly layer: string;
  /** The class the config names, such as `'Lambda'` or `'MyProject>Scale'`. */
  readonly className: string;

  /**
   * @param source - the file
   * @param layer - the layer's name
   * @param className - the class the config names
   * @param why - why it is refused
   */
  constructor(source: string, layer: string, className: string, why: string) {
    super(
      'keras-unsafe-object',
      `Refused to load ${source}: layer '${layer}' is ${className}, ${why}. Dendrite never runs code from a ` +
        'model file. Rebuild the model in Keras with built-in layers (or pass a translator for the class in ' +
        'the `layers` option if you wrote it) and save again.',
    );
    this.source = source;
    this.layer = layer;
    this.className = className;
  }
}

/**
 * A Keras model config is not one Keras writes: not JSON, or missing the fields a model needs
 * (layers, inputs, outputs, input shapes).
 *
 * @category Errors
 * @example
 * ```ts
 * try {
 *   await loadKerasModel('model.keras');
 * } catch (error) {
 *   if (error instanceof KerasConfigError) console.log(error.reason);
 * }
 * ```
 */
export class KerasConfigError extends DendriteError {
  /** The file the config came from. */
  readonly source: string;
  /** What is wrong with the config. */
  readonly reason: string;

  /**
   * @param source - the file
   * @param reason - what is wrong
   * @param options - the underlying cause, if any
   */
  constructor(source: string, reason: string, options?: { cause?: unknown }) {
    super('keras-config', `Cannot build a model from ${source}: ${reason}. Save the model again from Keras and pass that file.`, options);
    this.source = source;
    this.reason = reason;
  }
}
