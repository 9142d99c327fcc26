import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { classificationReport } from '@dendrite/core';
import { describe, expect, it } from 'vitest';
import { writePlots } from './write-plots.js';

describe('writePlots', () => {
  it('draws the training curves and the confusion matrix as SVG files', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'dendrite-plots-'));
    try {
      const report = classificationReport([0, 0, 1, 1, 1], [0, 1, 1, 1, 0], { classNames: ['female', 'male'] });
      const history = { loss: [0.9, 0.5, 0.3], accuracy: [0.5, 0.8, 1], val_loss: [0.8, 0.7, 0.75], val_accuracy: [0.5, 0.6, 0.6] };
      const written = await writePlots(join(folder, 'plots'), { history, report });
      expect(written.map((path) => path.slice(folder.length + 1))).toEqual(['plots/training-curves.svg', 'plots/confusion-matrix.svg']);
      const curves = await readFile(written[0] as string, 'utf8');
      expect(curves).toMatch(/^<svg /);
      for (const label of ['loss', 'accuracy', 'training', 'validation', 'epoch']) expect(curves).toContain(`>${label}<`);
      // Three epochs of four series: a line path each.
      expect(curves.match(/class="mark-line role-mark/g)?.length).toBeGreaterThanOrEqual(2);
      const matrix = await readFile(written[1] as string, 'utf8');
      expect(matrix).toMatch(/^<svg /);
      for (const label of ['female', 'male', 'true class', 'predicted class']) expect(matrix).toContain(`>${label}<`);
      // The four counts are written in their cells: 1, 1 (female row), 1, 2 (male row).
      const counts = [...matrix.matchAll(/<text[^>]*>(\d+)<\/text>/g)].map((m) => m[1]);
      expect(counts).toEqual(expect.arrayContaining(['1', '2']));
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  it('runs the curves on through a fine-tuning phase and marks where it starts', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'dendrite-plots-'));
    try {
      const report = classificationReport([0, 1], [0, 1], { classNames: ['female', 'male'] });
      const history = {
        loss: [0.9, 0.5, 0.3, 0.2],
        accuracy: [0.5, 0.8, 1, 1],
        val_loss: [0.8, 0.7, 0.75, 0.9],
        val_accuracy: [0.5, 0.6, 0.6, 0.5],
      };
      const [plain] = await writePlots(join(folder, 'plain'), { history, report });
      const [tuned] = await writePlots(join(folder, 'tuned'), { history, report, fineTuningFrom: 3 });
      const [plainSvg, tunedSvg] = [await readFile(plain as string, 'utf8'), await readFile(tuned as string, 'utf8')];
      expect(plainSvg).not.toContain('>fine-tuning<');
      // One label and one dashed rule in each of the two panels (loss, accuracy).
      expect(tunedSvg.match(/>fine-tuning</g)?.length).toBe(2);
      expect(tunedSvg.match(/class="mark-rule role-mark/g)?.length).toBe(2);
      expect(tunedSvg).toContain('Training with validation, then fine-tuning');
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});
