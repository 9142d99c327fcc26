import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const cli = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const cats = fileURLToPath(new URL('../../photos/cats', import.meta.url));

describe('npm run tutorials -- transfer --fine-tune-from 100, on a few of the course’s cats', () => {
  // Four photos of each class and one epoch per phase: both phases run, on the default backend
  // (wasm here, where TensorFlow.js has no convolution gradients of its own), in seconds.
  const folder = mkdtempSync(join(tmpdir(), 'dendrite-fine-tune-cli-'));
  for (const name of ['f01', 'f02', 'f03', 'f04', 'm01', 'm02', 'm03', 'm04'])
    copyFileSync(join(cats, `${name}.jpg`), join(folder, `${name}.jpg`));
  const cacheDir = mkdtempSync(join(tmpdir(), 'dendrite-fine-tune-cache-'));
  afterAll(() => {
    for (const made of [folder, cacheDir]) rmSync(made, { recursive: true, force: true });
  });

  it('trains the head, then the top of the base with BatchNorm frozen, and says so epoch by epoch', async () => {
    const plots = join(cacheDir, 'plots');
    const args = [cli, 'transfer', folder, '--offline', '--cache-dir', cacheDir, '--seed', '1', '--validation', '0.25', '--plots', plots];
    const phases = ['--epochs', '1', '--fine-tune-from', '100', '--fine-tune-epochs', '1', '--fine-tune-learning-rate', '1e-5'];
    const { stdout } = await run(process.execPath, [...args, ...phases], { env: { ...process.env, CI: 'true' }, maxBuffer: 2 ** 26 });
    const lines = stdout.split('\n');

    expect(lines.some((line) => line.startsWith('Backend: '))).toBe(true);
    expect(stdout).not.toContain('--backend cpu');
    expect(stdout).toContain(
      'The Keras way: the fast way (features cached once per photo) cannot be used, since --fine-tune-from trains the base itself.',
    );
    // The first phase: the head alone trains (1280 · 2 + 2 parameters), one epoch on all photos, one on the split.
    expect(stdout).toMatch(/Trainable params: 2,562/);
    const fineTuning = lines.findIndex((line) => line.startsWith('Fine-tuning: '));
    const firstPhase = lines.slice(0, fineTuning).filter((line) => /^1\/1 \[=+\] - .* - accuracy: [01]\.\d{4}/.test(line));
    expect(firstPhase).toHaveLength(2);
    expect(firstPhase[1]).toMatch(/val_accuracy: [01]\.\d{4}$/);
    // The second phase: layers from 100 on, BatchNormalization kept in inference mode, its epoch numbered after the first.
    expect(stdout).toContain(
      'Fine-tuning: layers from 100 on train (1,842,178 trainable parameters, 418,368 not), every BatchNormalization frozen in inference mode; RMSprop(learning_rate=0.00001), epochs 2 to 2.',
    );
    const second = lines.indexOf('Epoch 2/2');
    expect(second).toBe(fineTuning + 1);
    const epochLine = lines.slice(second + 1).find((line) => line.includes('val_accuracy'));
    expect(epochLine).toMatch(/loss: \d\.\d{4} - accuracy: [01]\.\d{4} - val_loss: \d\.\d{4} - val_accuracy: [01]\.\d{4}$/);
    expect(stdout).toMatch(
      /After fine-tuning: training accuracy [01]\.\d\d, validation accuracy [01]\.\d\d \(before: [01]\.\d\d and [01]\.\d\d\)\./,
    );
    // The curves run on through fine-tuning, marked where it starts, in both panels (loss, accuracy).
    expect(stdout).toContain(`Plots: ${join(plots, 'training-curves.svg')}, ${join(plots, 'confusion-matrix.svg')}`);
    const curves = readFileSync(join(plots, 'training-curves.svg'), 'utf8');
    expect(curves).toContain('Training with validation, then fine-tuning');
    expect(curves.match(/>fine-tuning</g)?.length).toBe(2);
  }, 600_000);
});
