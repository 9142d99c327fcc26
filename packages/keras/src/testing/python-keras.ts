import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The Python that runs real Keras: DENDRITE_KERAS_PYTHON, else `python3`. */
export const kerasPython = process.env['DENDRITE_KERAS_PYTHON'] ?? 'python3';

/**
 * Why the live Keras tests cannot run here, or undefined when `import keras` works. Printed by the
 * tests that skip.
 */
export function kerasUnavailable(): string | undefined {
  const probe = spawnSync(kerasPython, ['-c', 'import keras, h5py; print(keras.__version__)'], { encoding: 'utf8', timeout: 120_000 });
  if (probe.status === 0) return undefined;
  const why = probe.error?.message ?? probe.stderr.trim().split('\n').pop() ?? `exit ${String(probe.status)}`;
  return `live Keras tests skipped: '${kerasPython} -c "import keras"' failed (${why}); set DENDRITE_KERAS_PYTHON to a Python with Keras 3`;
}

/** One model file for Keras to load, and the inputs to predict on. */
export interface KerasJob {
  readonly path: string;
  readonly inputs: { readonly shape: readonly number[]; readonly data: readonly number[] };
}

/** What Keras predicted for one job, or the error it raised. */
export type KerasResult =
  | { readonly shape: number[]; readonly data: number[]; readonly layers: number; readonly params: number; readonly error?: undefined }
  | { readonly error: string };

/**
 * Loads each file with `keras.saving.load_model` in real Keras and predicts on its inputs, all in
 * one Python process (importing TensorFlow takes seconds).
 */
export async function predictWithKeras(jobs: readonly KerasJob[]): Promise<{ keras: string; results: KerasResult[] }> {
  const folder = mkdtempSync(join(tmpdir(), 'dendrite-keras-jobs-'));
  const jobsFile = join(folder, 'jobs.json');
  writeFileSync(jobsFile, JSON.stringify(jobs));
  const script = fileURLToPath(new URL('./keras_predict.py', import.meta.url));
  const stdout = await new Promise<string>((resolve, reject) => {
    execFile(kerasPython, [script, jobsFile], { maxBuffer: 2 ** 28, timeout: 600_000 }, (error, out, err) => {
      if (error) reject(new Error(`${error.message}\n${err}`));
      else resolve(out);
    });
  }).finally(() => rmSync(folder, { recursive: true, force: true }));
  return JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as { keras: string; results: KerasResult[] };
}

/** What keras_distributed_fit.py reports. */
export interface DistributedFitResult {
  readonly backend: string;
  readonly keras: string;
  readonly devices: string[];
  readonly placement: string;
  readonly accuracy_before: number;
  readonly accuracy_after: number;
}

/**
 * Continues training a Keras file on two CPU devices with Keras's multi-device training:
 * `keras.distribution.DataParallel` on JAX, `tf.distribute.MirroredStrategy` on TensorFlow.
 */
export async function distributedFitWithKeras(
  path: string,
  backend: 'jax' | 'tensorflow',
  python = kerasPython,
): Promise<DistributedFitResult> {
  const script = fileURLToPath(new URL('./keras_distributed_fit.py', import.meta.url));
  const stdout = await new Promise<string>((resolve, reject) => {
    execFile(python, [script, path, backend], { timeout: 600_000, env: { ...process.env, KERAS_BACKEND: backend } }, (error, out, err) => {
      if (error) reject(new Error(`${error.message}\n${err}`));
      else resolve(out);
    });
  });
  return JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as DistributedFitResult;
}

/** Whether `python` can run Keras on JAX (`import jax` with KERAS_BACKEND=jax). */
export function hasJax(python = kerasPython): boolean {
  return (
    spawnSync(python, ['-c', 'import jax, keras'], { encoding: 'utf8', timeout: 120_000, env: { ...process.env, KERAS_BACKEND: 'jax' } })
      .status === 0
  );
}
