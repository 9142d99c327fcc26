/**
 * Metric values of one training line, in the order they are shown, such as
 * `{ loss: 0.1234, accuracy: 0.9876, val_loss: 0.1111, val_accuracy: 0.99 }`.
 *
 * @category Training
 */
export type MetricLogs = Readonly<Record<string, number>>;

/**
 * What {@link formatEpochLine} needs: the step reached, the steps of an epoch, the seconds the epoch
 * took and the epoch's metrics.
 *
 * @category Training
 */
export interface EpochLine {
  /** Steps (batches) done, usually `steps`. */
  readonly step: number;
  /** Steps (batches) in one epoch. */
  readonly steps: number;
  /** Seconds since the epoch began. */
  readonly seconds: number;
  /** Metrics to show, in order. */
  readonly logs: MetricLogs;
}

/**
 * What {@link formatProgressLine} needs: the step reached, the steps of an epoch, the estimated
 * seconds left and the running metrics.
 *
 * @category Training
 */
export interface ProgressLine {
  /** Steps (batches) done so far. */
  readonly step: number;
  /** Steps (batches) in one epoch. */
  readonly steps: number;
  /** Estimated seconds until the epoch ends. */
  readonly etaSeconds: number;
  /** Metrics to show, in order (Keras shows the epoch's running means). */
  readonly logs: MetricLogs;
}

/**
 * What {@link formatProgressFinalLine} needs: the steps of an epoch, the seconds it took, the seconds
 * per step and the epoch's metrics (validation metrics included).
 *
 * @category Training
 */
export interface ProgressFinalLine {
  /** Steps (batches) in one epoch. */
  readonly steps: number;
  /** Seconds since the epoch began. */
  readonly seconds: number;
  /** Seconds one step took on average. */
  readonly secondsPerStep: number;
  /** Metrics to show, in order. */
  readonly logs: MetricLogs;
}

/** Width of Keras's progress bar, between the brackets. */
const BAR_WIDTH = 30;

/**
 * The line Keras prints when an epoch begins.
 *
 * @param epoch - the epoch, counted from 1 as Keras shows it
 * @param epochs - the number of epochs of the run
 * @returns `Epoch 3/10` for `(3, 10)`
 * @category Training
 * @example
 * ```ts
 * formatEpochHeader(3, 10); // 'Epoch 3/10'
 * ```
 */
export function formatEpochHeader(epoch: number, epochs: number): string {
  return `Epoch ${epoch}/${epochs}`;
}

/**
 * The line Keras prints for an epoch with `verbose: 2`, such as
 * `313/313 - 0s - loss: 0.1234 - accuracy: 0.9876 - val_loss: 0.1111 - val_accuracy: 0.9900`.
 * Metric values are written as Keras does: 4 decimals, or scientific notation (`1.0000e-04`) for
 * values not above 0.001.
 *
 * @param line - steps, seconds and metrics of the epoch
 * @returns the line, without a line break
 * @category Training
 * @example
 * ```ts
 * formatEpochLine({ step: 313, steps: 313, seconds: 0.4, logs: { loss: 0.1234, accuracy: 0.9876 } });
 * // '313/313 - 0s - loss: 0.1234 - accuracy: 0.9876'
 * ```
 */
export function formatEpochLine(line: EpochLine): string {
  const metrics = Object.entries(line.logs)
    .map(([name, value]) => ` - ${name}: ${formatMetricValue(value, 'signed')}`)
    .join('');
  return `${formatStepCount(line.step, line.steps)} - ${formatPythonFixed(line.seconds, 0)}s${metrics}`;
}

/**
 * The progress-bar line Keras redraws during an epoch with `verbose: 1`, such as
 * `157/313 [==============>...............] - ETA: 0s - loss: 0.2345 - accuracy: 0.9500`.
 *
 * @param line - step reached, estimated time left and running metrics
 * @returns the line, without a line break
 * @category Training
 * @example
 * ```ts
 * formatProgressLine({ step: 157, steps: 313, etaSeconds: 0.3, logs: { loss: 0.2345, accuracy: 0.95 } });
 * // '157/313 [==============>...............] - ETA: 0s - loss: 0.2345 - accuracy: 0.9500'
 * ```
 */
export function formatProgressLine(line: ProgressLine): string {
  return `${formatProgressBar(line.step, line.steps)} - ETA: ${formatEta(line.etaSeconds)}${formatBarMetrics(line.logs)}`;
}

/**
 * The line that ends an epoch with `verbose: 1`, such as
 * `313/313 [==============================] - 1s 2ms/step - loss: 0.1234 - accuracy: 0.9876`.
 *
 * @param line - steps, seconds, seconds per step and the epoch's metrics
 * @returns the line, without a line break
 * @category Training
 * @example
 * ```ts
 * formatProgressFinalLine({ steps: 313, seconds: 0.7, secondsPerStep: 0.0022, logs: { loss: 0.1234 } });
 * // '313/313 [==============================] - 1s 2ms/step - loss: 0.1234'
 * ```
 */
export function formatProgressFinalLine(line: ProgressFinalLine): string {
  const timing = `${formatPythonFixed(line.seconds, 0)}s ${formatStepTime(line.secondsPerStep)}`;
  return `${formatProgressBar(line.steps, line.steps)} - ${timing}${formatBarMetrics(line.logs)}`;
}

/**
 * Keras's progress bar with its step counter: `157/313 [==============>...............]`. The
 * counter is padded to the width of `steps`, and the bar is 30 characters wide.
 *
 * @param step - steps done
 * @param steps - steps in the epoch
 * @returns the counter and bar
 * @category Training
 * @example
 * ```ts
 * formatProgressBar(1, 4); // '1/4 [======>.......................]'
 * ```
 */
export function formatProgressBar(step: number, steps: number): string {
  const filled = Math.min(BAR_WIDTH, Math.floor((BAR_WIDTH * step) / steps));
  let bar = '';
  if (filled > 0) bar = '='.repeat(filled - 1) + (step < steps ? '>' : '=');
  bar += '.'.repeat(BAR_WIDTH - filled);
  return `${formatStepCount(step, steps)} [${bar}]`;
}

/**
 * Keras's estimate of the time left: whole seconds (`7s`), minutes and seconds past a minute (`2:05`),
 * and hours past an hour (`1:02:05`).
 *
 * @param seconds - estimated seconds left
 * @returns the estimate as Keras writes it after `ETA: `
 * @category Training
 * @example
 * ```ts
 * formatEta(125.4); // '2:05'
 * ```
 */
export function formatEta(seconds: number): string {
  const whole = Math.trunc(seconds);
  if (seconds > 3600) {
    return `${Math.floor(seconds / 3600)}:${pad2(Math.floor((seconds % 3600) / 60))}:${pad2(whole % 60)}`;
  }
  if (seconds > 60) return `${Math.floor(seconds / 60)}:${pad2(whole % 60)}`;
  return `${whole}s`;
}

/**
 * The time of one step as Keras writes it: `2s/step` from a second up, `3ms/step` from a millisecond
 * up, otherwise `250us/step` (and `0s/step` for zero).
 *
 * @param secondsPerStep - average seconds per step
 * @returns the time per step with its unit
 * @category Training
 * @example
 * ```ts
 * formatStepTime(0.0022); // '2ms/step'
 * ```
 */
export function formatStepTime(secondsPerStep: number): string {
  if (secondsPerStep >= 1 || secondsPerStep === 0) return `${formatPythonFixed(secondsPerStep, 0)}s/step`;
  if (secondsPerStep >= 1e-3) return `${formatPythonFixed(secondsPerStep * 1e3, 0)}ms/step`;
  return `${formatPythonFixed(secondsPerStep * 1e6, 0)}us/step`;
}

/**
 * A metric value as Keras writes it: 4 decimals (`0.9876`), or scientific notation with 4 decimals
 * (`1.2346e-04`, `0.0000e+00`) for small values. Keras's progress bar (`'magnitude'`) tests the
 * absolute value against 0.001, its one-line-per-epoch form (`'signed'`) the signed value, so a
 * negative value is written in scientific notation there.
 *
 * @param value - the metric's value
 * @param rule - `'magnitude'` (verbose 1, the default) or `'signed'` (verbose 2)
 * @returns the value as text
 * @category Training
 * @example
 * ```ts
 * formatMetricValue(0.98765); // '0.9877'
 * formatMetricValue(0); // '0.0000e+00'
 * ```
 */
export function formatMetricValue(value: number, rule: 'magnitude' | 'signed' = 'magnitude'): string {
  const large = rule === 'magnitude' ? Math.abs(value) > 1e-3 : value > 1e-3;
  return large ? formatPythonFixed(value, 4) : formatPythonExponential(value, 4);
}

function formatBarMetrics(logs: MetricLogs): string {
  return Object.entries(logs)
    .map(([name, value]) => ` - ${name}: ${formatMetricValue(value, 'magnitude')}`)
    .join('');
}

function formatStepCount(step: number, steps: number): string {
  return `${String(step).padStart(String(steps).length, ' ')}/${steps}`;
}

function pad2(value: number): string {
  return String(value).padStart(2, '0');
}

/**
 * The exact decimal digits of a finite non-negative double, from its binary form
 * `mantissa * 2^exponent`: with a negative exponent that is `mantissa * 5^-exponent / 10^-exponent`.
 */
function exactDecimal(value: number): { integer: string; fraction: string } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, value);
  const bits = view.getBigUint64(0);
  const biased = Number((bits >> 52n) & 0x7ffn);
  let mantissa = bits & ((1n << 52n) - 1n);
  let exponent = -1074;
  if (biased !== 0) {
    mantissa |= 1n << 52n;
    exponent = biased - 1075;
  }
  if (exponent >= 0) return { integer: (mantissa << BigInt(exponent)).toString(), fraction: '' };
  const places = -exponent;
  const digits = (mantissa * 5n ** BigInt(places)).toString().padStart(places + 1, '0');
  return {
    integer: digits.slice(0, -places).replace(/^0+(?=\d)/, ''),
    fraction: digits.slice(-places).replace(/0+$/, ''),
  };
}

/**
 * Keeps the first `keep` digits of `digits`, rounding the rest away to nearest with ties to even, as
 * Python's `%` formatting does (JavaScript's `toFixed` rounds ties up instead).
 */
function roundDigits(digits: string, keep: number): string {
  const kept = digits.slice(0, keep);
  const rest = digits.slice(keep);
  const first = rest.charAt(0);
  const tie = first === '5' && !/[1-9]/.test(rest.slice(1));
  const lastOdd = Number(kept.charAt(kept.length - 1) || '0') % 2 === 1;
  const up = first > '5' || (first === '5' && !tie) || (tie && lastOdd);
  if (!up) return kept;
  const carried = (BigInt(kept === '' ? '0' : kept) + 1n).toString();
  return carried.padStart(kept.length, '0');
}

function nonFinite(value: number): string | undefined {
  if (Number.isNaN(value)) return 'nan';
  if (value === Infinity) return 'inf';
  if (value === -Infinity) return '-inf';
  return undefined;
}

function signOf(value: number): string {
  return value < 0 || Object.is(value, -0) ? '-' : '';
}

/** Python's `'%.{decimals}f' % value`. */
function formatPythonFixed(value: number, decimals: number): string {
  const special = nonFinite(value);
  if (special !== undefined) return special;
  const { integer, fraction } = exactDecimal(Math.abs(value));
  const rounded = roundDigits(integer + fraction.padEnd(decimals, '0'), integer.length + decimals);
  const head = rounded.slice(0, rounded.length - decimals).replace(/^0+(?=\d)/, '') || '0';
  const tail = decimals > 0 ? `.${rounded.slice(rounded.length - decimals)}` : '';
  return `${signOf(value)}${head}${tail}`;
}

/** Python's `'%.{decimals}e' % value`. */
function formatPythonExponential(value: number, decimals: number): string {
  const special = nonFinite(value);
  if (special !== undefined) return special;
  const sign = signOf(value);
  if (value === 0) return `${sign}0.${'0'.repeat(decimals)}e+00`;
  const { integer, fraction } = exactDecimal(Math.abs(value));
  const all = integer + fraction;
  const firstNonZero = all.search(/[1-9]/);
  let exponent = integer.length - 1 - firstNonZero;
  const significant = all.slice(firstNonZero).padEnd(decimals + 1, '0');
  let rounded = roundDigits(significant, decimals + 1);
  if (rounded.length > decimals + 1) {
    rounded = rounded.slice(0, decimals + 1);
    exponent += 1;
  }
  const mantissa = decimals > 0 ? `${rounded.charAt(0)}.${rounded.slice(1)}` : rounded;
  const exponentText = `${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
  return `${sign}${mantissa}e${exponentText}`;
}
