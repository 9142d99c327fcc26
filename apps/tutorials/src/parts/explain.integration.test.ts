import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { jetColor } from '@dendrite/core/internal';
import sharp from 'sharp';
import { describe, expect, it, onTestFinished } from 'vitest';

const run = promisify(execFile);
const cli = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
// ../shared beside the repository; DENDRITE_SHARED_DIR points elsewhere (a git worktree).
const shared = process.env['DENDRITE_SHARED_DIR'] ?? resolve(fileURLToPath(new URL('../../../../', import.meta.url)), '../shared');
const photo = resolve(shared, 'data/pythontutorials/cats/m03.jpg');
const weights = resolve(shared, 'models/mobilenet_v2_1.0_224-imagenet-tfjs-layers-uint8/model.json');
const labels = resolve(shared, 'models/imagenet-labels/imagenet_class_index.json');
const present = existsSync(photo) && existsSync(weights);

interface ExplainJson {
  top: Array<{ className: string; score: number }>;
  explained: string;
  heatmap: number[][];
  out: string;
  layout: {
    width: number;
    height: number;
    photo: { left: number; top: number; size: number };
    overlay: { left: number; top: number; size: number };
  };
}

describe.skipIf(!present)(`dendrite-tutorials explain${present ? '' : ' (skipped: ../shared is absent)'}`, () => {
  it('writes a PNG of the photo beside the photo under its Grad-CAM heatmap, hot where the heatmap is', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'dendrite-explain-'));
    onTestFinished(() => rmSync(folder, { recursive: true, force: true }));
    const out = join(folder, 'm03.png');
    const args = ['explain', photo, '--weights', weights, '--labels', labels, '--out', out, '--json'];
    const { stdout } = await run(process.execPath, [cli, ...args], { env: { ...process.env, CI: 'true' }, maxBuffer: 2 ** 26 });
    const result = JSON.parse(stdout) as ExplainJson;
    expect(result.out).toBe(out);
    expect(result.explained).toBe(result.top[0]?.className);
    expect(['tabby', 'tiger_cat', 'Egyptian_cat', 'Persian_cat', 'Siamese_cat']).toContain(result.explained);
    expect(result.heatmap).toHaveLength(7);
    expect(Math.max(...result.heatmap.flat())).toBeCloseTo(1, 5);

    const { data, info } = await sharp(out).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height]).toEqual([result.layout.width, result.layout.height]);
    const pixel = (x: number, y: number): number[] => [0, 1, 2].map((c) => data[(y * info.width + x) * 3 + c] as number);
    // overlay = 0.6 · photo + 0.4 · 255 · jet(heat): recover the colour at each cell's centre and
    // compare it with the colour of that cell's heat (bilinear upsampling keeps cell centres).
    const { photo: left, overlay: right } = result.layout;
    const cell = right.size / 7;
    let largest = 0;
    const recovered: number[][] = [];
    result.heatmap.forEach((row, i) => {
      row.forEach((heat, j) => {
        const [x, y] = [Math.floor((j + 0.5) * cell), Math.floor((i + 0.5) * cell)];
        const under = pixel(left.left + x, left.top + y);
        const over = pixel(right.left + x, right.top + y);
        const colour = over.map((v, c) => (v - 0.6 * (under[c] as number)) / (0.4 * 255));
        recovered.push(colour);
        const expected = jetColor(Math.round(heat * 255) / 255);
        largest = Math.max(largest, ...colour.map((v, c) => Math.abs(v - (expected[c] as number))));
      });
    });
    console.log(
      `explain: ${info.width} x ${info.height} PNG; heat colour at the 49 cell centres within ${largest.toFixed(4)} of jet(heat)`,
    );
    expect(largest).toBeLessThan(0.05);
    // The hottest cell is the reddest one in the picture.
    const flat = result.heatmap.flat();
    const hottest = flat.indexOf(Math.max(...flat));
    const redness = recovered.map(([r, , b]) => (r as number) - (b as number));
    expect(redness[hottest]).toBeGreaterThan(0.3);
    expect(redness[flat.indexOf(Math.min(...flat))]).toBeLessThan(-0.3);
  });
});
