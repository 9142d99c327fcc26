import * as tf from '@tensorflow/tfjs-core';

// A 3x3 image [1..9] under a 2x2 filter of ones sums each 2x2 window; the matrix product is the
// textbook one. Both are small integers, exact in float32, so any backend must give them exactly.
const expectedConvolution = [12, 16, 24, 28];
const expectedProduct = [19, 22, 43, 50];

/**
 * Checks that the active backend really computes: a tiny convolution and a matrix product, compared
 * with known answers. Creates no lasting tensors.
 *
 * @throws Error saying what was computed instead, when the backend gives wrong numbers or fails
 * @internal
 * @example
 * ```ts
 * await tf.setBackend('wasm');
 * verifyActiveBackend();
 * ```
 */
export function verifyActiveBackend(): void {
  const [convolution, product] = tf.tidy(() => {
    const image = tf.tensor4d([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 3, 3, 1]);
    const filter = tf.ones([2, 2, 1, 1]) as tf.Tensor4D;
    const left = tf.tensor2d([1, 2, 3, 4], [2, 2]);
    const right = tf.tensor2d([5, 6, 7, 8], [2, 2]);
    return [Array.from(tf.conv2d(image, filter, 1, 'valid').dataSync()), Array.from(tf.matMul(left, right).dataSync())];
  });
  check('a 2x2 convolution', convolution, expectedConvolution);
  check('a 2x2 matrix product', product, expectedProduct);
}

function check(what: string, actual: number[] | undefined, expected: number[]): void {
  const same = actual !== undefined && actual.length === expected.length && actual.every((value, i) => value === expected[i]);
  if (!same) {
    throw new Error(
      `the '${tf.getBackend()}' backend computed ${what} wrongly: [${actual?.join(', ') ?? ''}] instead of [${expected.join(', ')}]`,
    );
  }
}
