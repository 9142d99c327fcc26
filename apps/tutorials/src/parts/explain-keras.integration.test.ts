import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it, onTestFinished } from 'vitest';

// Live: real Keras writes a transfer model as a .keras file with its Grad-CAM heatmap of a photo,
// and `explain --model file.keras` must find the same heatmap.
const run = promisify(execFile);
const cli = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const repo = fileURLToPath(new URL('../../../../', import.meta.url));
// ../shared beside the repository; DENDRITE_SHARED_DIR points elsewhere (a git worktree).
const shared = process.env['DENDRITE_SHARED_DIR'] ?? resolve(repo, '../shared');
const script = resolve(repo, 'packages/mobilenet/src/explain/fixtures/make-grad-cam-fixture.py');
const python = process.env['DENDRITE_KERAS_PYTHON'] ?? 'python3';
const hasKeras = spawnSync(python, ['-c', 'import keras, PIL'], { stdio: 'ignore' }).status === 0;
const hasShared = existsSync(join(shared, 'models', 'mobilenet_v2_1.0_224_no_top-imagenet-tfjs-layers-float32'));
const why = !hasKeras ? `no Keras in ${python}; set DENDRITE_KERAS_PYTHON` : `${shared} is absent`;

function correlation(a: readonly number[], b: readonly number[]): number {
  const mean = (v: readonly number[]): number => v.reduce((s, x) => s + x, 0) / v.length;
  const [ma, mb] = [mean(a), mean(b)];
  const dot = (f: (i: number) => number): number => a.reduce((s, _, i) => s + f(i), 0);
  return dot((i) => (a[i]! - ma) * (b[i]! - mb)) / Math.sqrt(dot((i) => (a[i]! - ma) ** 2) * dot((i) => (b[i]! - mb) ** 2));
}

describe.skipIf(!hasKeras || !hasShared)(
  `explain --model a .keras file written by real Keras${hasKeras && hasShared ? '' : ` (skipped: ${why})`}`,
  () => {
    it("finds Keras's own Grad-CAM heatmap (correlation >= 0.99)", async () => {
      const folder = mkdtempSync(join(tmpdir(), 'dendrite-explain-keras-'));
      onTestFinished(() => rmSync(folder, { recursive: true, force: true }));
      const kerasFile = join(folder, 'cats.keras');
      await run(python, [script, '--keras', kerasFile], {
        cwd: folder,
        env: { ...process.env, DENDRITE_SHARED_DIR: shared },
        maxBuffer: 2 ** 26,
      });
      const keras = JSON.parse(readFileSync(join(folder, 'grad-cam-keras.json'), 'utf8')) as {
        probabilities: number[];
        heatmaps: Record<string, number[][]>;
      };
      // The photo Keras saw, already 224 x 224, so both read the same pixels.
      const photo = join(folder, 'grad-cam-photo.png');
      const { stdout } = await run(
        process.execPath,
        [cli, 'explain', photo, '--model', kerasFile, '--out', join(folder, 'explained.png'), '--json'],
        {
          env: { ...process.env, CI: 'true' },
          maxBuffer: 2 ** 26,
        },
      );
      const result = JSON.parse(stdout) as { top: Array<{ className: string; score: number }>; heatmap: number[][] };
      const top = keras.probabilities.indexOf(Math.max(...keras.probabilities));
      expect(result.top[0]?.className).toBe(`class ${top}`);
      expect(result.top[0]?.score).toBeCloseTo(keras.probabilities[top] as number, 4);
      const theirs = Object.values(keras.heatmaps)[top]!.flat();
      const ours = result.heatmap.flat();
      const r = correlation(ours, theirs);
      console.log(
        `explain --model .keras: correlation with Keras's heatmap ${r.toFixed(9)}, max |difference| ${Math.max(...ours.map((v, i) => Math.abs(v - theirs[i]!))).toExponential(2)}`,
      );
      expect(r).toBeGreaterThanOrEqual(0.99);
    }, 300_000);
  },
);
