import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const cli = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
// The course's cats ship with the app; the weights are the embedded default.
const cats = fileURLToPath(new URL('../../photos/cats', import.meta.url));

interface TrainingRun {
  images: number;
  history: { accuracy: number[]; val_accuracy?: number[] };
  trainingAccuracy: number;
}

interface Part4Json {
  command: string;
  part: number;
  classNames: string[];
  sanityCheck: Array<{ image: string; isCat: boolean }>;
  model: { params: { total: number; trainable: number; nonTrainable: number } };
  allPhotos: TrainingRun & { argmax: Record<string, number[]> };
  split: TrainingRun & { validationImages: number; validationAccuracy: number };
  saved: { classNames: string[]; identicalPredictions: boolean };
  conclusion: string;
}

describe('npm run tutorials -- transfer, on the course’s cats', () => {
  const cacheDir = mkdtempSync(join(tmpdir(), 'dendrite-transfer-cli-'));
  afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));
  const common = ['transfer', cats, '--offline', '--cache-dir', cacheDir, '--seed', '1'];

  it('reproduces the course as JSON: sanity check, the head’s parameters, 20 epochs, the 30/10 split, the saved model', async () => {
    const saveTo = join(cacheDir, 'saved');
    const { stdout } = await run(process.execPath, [cli, ...common, '--json', '--save', saveTo], {
      env: { ...process.env, CI: 'true' },
      maxBuffer: 2 ** 26,
    });
    const result = JSON.parse(stdout) as Part4Json;
    expect(result.part).toBe(4);
    expect(result.classNames).toEqual(['female', 'male']);
    expect(result.sanityCheck).toHaveLength(40);
    expect(result.sanityCheck.filter((row) => row.isCat).length).toBeGreaterThanOrEqual(30);
    expect(result.model.params).toEqual({ total: 2_260_546, trainable: 2_562, nonTrainable: 2_257_984 });
    expect(result.allPhotos.history.accuracy).toHaveLength(20);
    expect(result.allPhotos.trainingAccuracy).toBeGreaterThanOrEqual(0.95);
    expect(result.allPhotos.argmax['female']).toHaveLength(20);
    expect(result.allPhotos.argmax['male']).toHaveLength(20);
    expect([result.split.images, result.split.validationImages]).toEqual([30, 10]);
    expect(result.split.trainingAccuracy).toBeGreaterThanOrEqual(0.95);
    expect(result.split.history.val_accuracy).toHaveLength(20);
    // The validation accuracy is the last epoch's, a count of right answers among the 10 photos, and
    // below the training accuracy: the overfitting the course teaches (a validation computed on the
    // training photos would read 1.0 here).
    const validationAccuracy = result.split.validationAccuracy;
    expect(validationAccuracy).toBe(result.split.history.val_accuracy?.at(-1));
    expect(Math.abs(validationAccuracy * 10 - Math.round(validationAccuracy * 10))).toBeLessThan(1e-6);
    expect(validationAccuracy).toBeLessThan(result.split.trainingAccuracy);
    expect(result.conclusion).toContain(`validation accuracy ${(validationAccuracy * 100).toFixed(0)} % on the 10 photos it never saw`);
    expect(result.saved).toEqual({ folder: saveTo, classNames: ['female', 'male'], identicalPredictions: true });
    expect(readdirSync(saveTo).sort()).toEqual(['model.json', 'weights.bin']);
  });

  it('prints the story: Keras lines with validation accuracy every epoch, and what it means; saves cats.keras for Keras', async () => {
    const kerasFile = join(cacheDir, 'cats.keras');
    const { stdout } = await run(process.execPath, [cli, ...common, '--save', kerasFile], {
      env: { ...process.env, CI: 'true' },
      maxBuffer: 2 ** 26,
    });
    expect(stdout).toContain(`Saved to ${kerasFile} (Keras 3 .keras archive`);
    expect(stdout).toContain('output neuron i is class 0 = female, 1 = male');
    expect(stdout).toContain('Loaded back with loadKerasModel, its predictions are identical.');
    expect(existsSync(kerasFile)).toBe(true);
    expect(stdout).toMatch(/Sanity check/);
    expect(stdout).toMatch(/Trainable params: 2,562/);
    expect(stdout).toMatch(/female photos \(label 0\): ([01] ){19}[01]/);
    const validationLines = stdout.split('\n').filter((line) => /- val_accuracy: [01]\.\d{4}$/.test(line));
    expect(validationLines).toHaveLength(20);
    const last = Number(/val_accuracy: ([01]\.\d{4})$/.exec(validationLines.at(-1) ?? '')?.[1]);
    expect(stdout).toContain(`validation accuracy ${(last * 100).toFixed(0)} % on the 10 photos it never saw`);
    expect(stdout).toMatch(/it overfits|better than guessing/);

    // Where real Keras is installed, it loads the file: the same 2,260,546 parameters.
    const python = process.env['DENDRITE_KERAS_PYTHON'] ?? 'python3';
    const loaded = spawnSync(python, ['-c', 'import sys, keras; print(keras.saving.load_model(sys.argv[1]).count_params())', kerasFile], {
      encoding: 'utf8',
      env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '3' },
    });
    if (spawnSync(python, ['-c', 'import keras'], { encoding: 'utf8' }).status !== 0) {
      console.log(`Keras check of cats.keras skipped: '${python} -c "import keras"' failed; set DENDRITE_KERAS_PYTHON`);
    } else {
      expect(loaded.stderr.includes('Traceback') ? loaded.stderr : loaded.stdout.trim().split('\n').pop()).toBe('2260546');
    }
  }, 300_000);
});
