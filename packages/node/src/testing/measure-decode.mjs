// Decodes one image file in a fresh process (started by decode-image-memory.test.ts) and prints, as
// JSON, how it ended, how long it took and the process's peak resident memory. Modes: 'decodeImage'
// (the int32 tensor), 'loadImage' (full size, float32) and 'loadImage224' (loadImage with size
// [224, 224], as classify does). Needs
// @dendrite/core, @dendrite/data and @dendrite/node built.
import '@tensorflow/tfjs-backend-cpu';
import { readFileSync } from 'node:fs';
import { setPlatform } from '@dendrite/core';
import { loadImage } from '@dendrite/data';
import { createNodePlatform, decodeImage } from '@dendrite/node';
import * as tf from '@tensorflow/tfjs-core';

const [mode, file] = process.argv.slice(2);
await tf.setBackend('cpu');
setPlatform(createNodePlatform({ offline: true }));
const bytes = new Uint8Array(readFileSync(file));
const baselineRssMb = process.memoryUsage().rss / 2 ** 20;
const start = performance.now();
let outcome = 'decoded';
let code;
let shape;
try {
  const image =
    mode === 'decodeImage'
      ? await decodeImage(bytes, { source: file })
      : await loadImage(bytes, mode === 'loadImage' ? {} : { size: [224, 224] });
  shape = image.shape;
  image.dispose();
} catch (error) {
  outcome = error.name;
  code = error.code;
}
const ms = performance.now() - start;
console.log(JSON.stringify({ outcome, code, shape, ms, baselineRssMb, peakRssMb: process.resourceUsage().maxRSS / 1024 }));
