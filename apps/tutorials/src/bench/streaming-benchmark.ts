// Peak memory of streaming a labelled image folder in batches, against what loading it whole would
// take. Generates 2,000 images (two class folders of 160 x 120 BMPs) in a temporary folder, or reads
// an existing one-subfolder-per-class folder with --folder.
// Run (after building): node apps/tutorials/dist/bench/streaming-benchmark.js [--images 2000] [--batch 32] [--folder DIR]
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { imageDatasetFromDirectory } from '@dendrite/data';
import { useNodePlatform } from '@dendrite/node';
import * as tf from '@tensorflow/tfjs-core';

const SIZE = [224, 224] as const;

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? (process.argv[at + 1] ?? fallback) : fallback;
}

/** An uncompressed 24-bit BMP (bottom-up rows padded to 4 bytes): a gradient tinted by `tint`. */
function bmp(width: number, height: number, tint: number): Uint8Array {
  const rowBytes = Math.ceil((width * 3) / 4) * 4;
  const bytes = new Uint8Array(54 + rowBytes * height);
  const view = new DataView(bytes.buffer);
  bytes.set([0x42, 0x4d]);
  view.setUint32(2, bytes.length, true);
  view.setUint32(10, 54, true);
  view.setUint32(14, 40, true);
  view.setInt32(18, width, true);
  view.setInt32(22, height, true);
  view.setUint16(26, 1, true);
  view.setUint16(28, 24, true);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) bytes.set([tint, y % 256, x % 256], 54 + y * rowBytes + x * 3);
  }
  return bytes;
}

async function generate(count: number): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'dendrite-streaming-bench-'));
  for (const [label, className] of ['a', 'b'].entries()) {
    await mkdir(join(folder, className));
    const files = Array.from({ length: Math.ceil(count / 2) }, (_, n) => n).filter((n) => n * 2 + label < count);
    for (let start = 0; start < files.length; start += 100) {
      await Promise.all(
        files
          .slice(start, start + 100)
          .map((n) => writeFile(join(folder, className, `${String(n).padStart(5, '0')}.bmp`), bmp(160, 120, label * 200))),
      );
    }
  }
  return folder;
}

const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;

async function main(): Promise<void> {
  const count = Number(option('images', '2000'));
  const batchSize = Number(option('batch', '32'));
  const given = option('folder', '');
  const { backend } = await useNodePlatform();
  const folder = given === '' ? await generate(count) : given;
  try {
    const dataset = await imageDatasetFromDirectory(folder);
    global.gc?.();
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    let peakTensors = 0;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 20);
    const started = performance.now();
    let images = 0;
    for await (const { xs, ys } of dataset.batches({ batchSize, size: SIZE })) {
      peak = Math.max(peak, process.memoryUsage().rss);
      peakTensors = Math.max(peakTensors, tf.memory().numTensors);
      images += xs.shape[0];
      tf.dispose([xs, ys]);
    }
    clearInterval(sampler);
    const seconds = (performance.now() - started) / 1000;
    const whole = dataset.length * SIZE[0] * SIZE[1] * 3 * 4;
    console.log(`backend ${backend.selected}; ${String(dataset)}; from ${given === '' ? 'generated 160 x 120 BMPs' : folder}`);
    console.log(
      `streamed ${images} images as ${SIZE[0]} x ${SIZE[1]}, batch ${batchSize}, in ${seconds.toFixed(1)} s (${(images / seconds).toFixed(0)} images/s)`,
    );
    console.log(
      `RSS before ${mb(baseline)}, peak ${mb(peak)} (+${mb(peak - baseline)}); one batch is ${mb(batchSize * SIZE[0] * SIZE[1] * 3 * 4)}`,
    );
    console.log(`loading all of it at once would need ${mb(whole)} for the float32 tensor alone; live tensors peaked at ${peakTensors}`);
  } finally {
    if (given === '') await rm(folder, { recursive: true, force: true });
  }
}

await main();
