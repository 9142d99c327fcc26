import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it, onTestFinished } from 'vitest';

const run = promisify(execFile);
const cli = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
// ../shared beside the repository; DENDRITE_SHARED_DIR points elsewhere (a git worktree).
const shared = process.env['DENDRITE_SHARED_DIR'] ?? resolve(fileURLToPath(new URL('../../../../', import.meta.url)), '../shared');
const cats = resolve(shared, 'data/pythontutorials/cats');
const weights = resolve(shared, 'models/mobilenet_v2_1.0_224-imagenet-tfjs-layers-uint8/model.json');
const labels = resolve(shared, 'models/imagenet-labels/imagenet_class_index.json');
const present = existsSync(cats) && existsSync(weights);

describe.skipIf(!present)(
  `dendrite-tutorials transfer: what the validation photos show${present ? '' : ' (skipped: ../shared is absent)'}`,
  () => {
    it('ends with the confusion matrix, the report and the misclassified photos, and draws them with --plots', async () => {
      const folder = mkdtempSync(join(tmpdir(), 'dendrite-transfer-eval-'));
      onTestFinished(() => rmSync(folder, { recursive: true, force: true }));
      const plots = join(folder, 'plots');
      const args = ['transfer', cats, '--weights', weights, '--labels', labels, '--cache-dir', folder, '--seed', '1', '--plots', plots];
      const { stdout } = await run(process.execPath, [cli, ...args], { env: { ...process.env, CI: 'true' }, maxBuffer: 2 ** 26 });
      const lines = stdout.split('\n');
      const header = lines.findIndex((line) => line.trim().startsWith('true \\ predicted'));
      expect(header).toBeGreaterThan(0);
      // Two rows of counts, 5 validation photos per class.
      const rows = [lines[header + 1], lines[header + 2]].map((line) => /^\s*(female|male)\s+(\d+)\s+(\d+)$/.exec(line ?? ''));
      expect(rows.map((row) => row?.[1])).toEqual(['female', 'male']);
      const matrix = rows.map((row) => [Number(row?.[2]), Number(row?.[3])]);
      expect(matrix.map(([a, b]) => (a as number) + (b as number))).toEqual([5, 5]);
      // The report's accuracy line agrees with the matrix, and with Keras's last val_accuracy.
      const right = (matrix[0]?.[0] ?? 0) + (matrix[1]?.[1] ?? 0);
      expect(stdout).toMatch(new RegExp(`^ {4}accuracy +${(right / 10).toFixed(2)} +10$`, 'm'));
      const lastValidation = Number(/val_accuracy: ([01]\.\d{4})\n(?![\s\S]*val_accuracy)/.exec(stdout)?.[1]);
      expect(lastValidation).toBeCloseTo(right / 10, 4);
      expect(stdout).toMatch(/^ {3}macro avg /m);
      // Every mistake is named by its file.
      const named = lines.filter((line) =>
        /^ {2}[fm]\d\d\.jpg +a (female|male) taken for a (female|male) \(score [01]\.\d\d\)$/.test(line),
      );
      expect(named).toHaveLength(10 - right);
      if (right === 10) expect(stdout).toContain('No validation photo is misclassified.');
      else expect(stdout).toContain(`Misclassified (${10 - right}):`);
      const curves = readFileSync(join(plots, 'training-curves.svg'), 'utf8');
      expect(curves).toMatch(/^<svg /);
      expect(curves).toContain('>val');
      expect(readFileSync(join(plots, 'confusion-matrix.svg'), 'utf8')).toContain('>female<');
    });
  },
);
