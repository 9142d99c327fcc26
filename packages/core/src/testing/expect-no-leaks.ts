import * as tf from '@tensorflow/tfjs-core';

/**
 * Thrown by {@link expectNoLeakedTensors} when a function leaves tensors behind.
 *
 * @category Errors
 * @example
 * ```ts
 * try { await expectNoLeakedTensors(() => tf.ones([2])); } catch (e) { console.log((e as TensorLeakError).leaked); }
 * ```
 */
export class TensorLeakError extends Error {
  /** How many tensors were left behind. */
  readonly leaked: number;

  /**
   * @param label - what was checked
   * @param leaked - how many tensors it left behind
   */
  constructor(label: string, leaked: number) {
    super(`${label} leaked ${leaked} tensor(s): dispose what it creates, or wrap it in tf.tidy.`);
    this.name = 'TensorLeakError';
    this.leaked = leaked;
  }
}

/**
 * Runs `fn` and fails when it leaves more tensors alive than before. Tensors the function returns
 * count as leaked unless `returns` says how many it hands to the caller (they are then disposed).
 *
 * @param fn - the code to check; may be async
 * @param options - `label` for the message, `returns` for tensors the function hands to its caller
 * @returns what `fn` returned
 * @category Training
 * @example
 * ```ts
 * await expectNoLeakedTensors(() => tf.tidy(() => tf.sum(tf.ones([2])).dataSync()), { label: 'sum' });
 * ```
 */
export async function expectNoLeakedTensors<T>(fn: () => T | Promise<T>, options: { label?: string; returns?: number } = {}): Promise<T> {
  const before = tf.memory().numTensors;
  const result = await fn();
  const leaked = tf.memory().numTensors - before - (options.returns ?? 0);
  if (leaked > 0) throw new TensorLeakError(options.label ?? 'The function', leaked);
  return result;
}
