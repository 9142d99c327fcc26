/** A serialized Keras object: `{module, class_name, config, registered_name}`. @internal */
export interface KerasObject {
  readonly module: string;
  readonly class_name: string;
  readonly config: Record<string, unknown>;
  readonly registered_name: string | null;
}

/** TensorFlow.js's serialized form of an initializer, regularizer or constraint. */
interface TfjsSerialized {
  readonly className: string;
  readonly config: Record<string, unknown>;
}

const FAN_MODES: Record<string, string> = { fanIn: 'fan_in', fanOut: 'fan_out', fanAvg: 'fan_avg' };
// tfjs's 'normal' draws from a truncated normal scaled as Keras's 'truncated_normal' does.
const DISTRIBUTIONS: Record<string, string> = { normal: 'truncated_normal', uniform: 'uniform', truncatedNormal: 'truncated_normal' };

const translators: Record<string, (config: Record<string, unknown>) => [string, Record<string, unknown>]> = {
  Zeros: () => ['Zeros', {}],
  Ones: () => ['Ones', {}],
  Constant: (c) => ['Constant', { value: c['value'] }],
  RandomUniform: (c) => ['RandomUniform', { minval: c['minval'], maxval: c['maxval'], seed: c['seed'] ?? null }],
  RandomNormal: (c) => ['RandomNormal', { mean: c['mean'], stddev: c['stddev'], seed: c['seed'] ?? null }],
  TruncatedNormal: (c) => ['TruncatedNormal', { mean: c['mean'], stddev: c['stddev'], seed: c['seed'] ?? null }],
  VarianceScaling: (c) => [
    'VarianceScaling',
    {
      scale: c['scale'],
      mode: FAN_MODES[String(c['mode'])] ?? 'fan_in',
      distribution: DISTRIBUTIONS[String(c['distribution'])] ?? 'truncated_normal',
      seed: c['seed'] ?? null,
    },
  ],
};

/**
 * Keras's form of a tfjs initializer, or `undefined` for one Keras has no equal of (Keras then
 * uses the layer's default, which changes only how a fresh copy of the layer would start, never the
 * saved weights).
 *
 * @internal
 * @param serialized - the initializer as `layer.getConfig()` gives it
 * @returns the Keras object, or undefined
 */
export function kerasInitializer(serialized: unknown): KerasObject | undefined {
  if (typeof serialized !== 'object' || serialized === null) return undefined;
  const { className, config } = serialized as TfjsSerialized;
  const translate = translators[className];
  if (translate === undefined) return undefined;
  const [kerasClass, kerasConfig] = translate(config ?? {});
  return { module: 'keras.initializers', class_name: kerasClass, config: kerasConfig, registered_name: null };
}
