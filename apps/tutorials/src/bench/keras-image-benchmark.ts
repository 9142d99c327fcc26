// How close Dendrite's image loading is to Keras's load_img + img_to_array on the course's photos,
// and what the interpolation does to the course's sanity check.
// 1. JPEG decode: the Node platform's decoder against Pillow's, max |difference| per photo set.
// 2. Resize: loadImage(photo, { size: [224, 224], interpolation }) against real Keras's
//    load_img(photo, target_size=(224, 224), interpolation=...) for each of the six
//    interpolations: max and mean |difference| over boef.jpg and the 40 cats.
// 3. The sanity check (how many of the 40 cats MobileNetV2 puts in an ImageNet cat class) with the
//    photos loaded under each interpolation.
// Needs Python with Keras and Pillow (DENDRITE_KERAS_PYTHON, default python3) and ../shared.
// Run (after building): node apps/tutorials/dist/bench/keras-image-benchmark.js [--weights model.json]
//   [--labels imagenet_class_index.json] [--skip-sanity]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getPlatform } from '@dendrite/core';
import { loadImage, type Interpolation } from '@dendrite/data';
import { decodePredictions, loadImageNetClassIndex, MobileNetV2, optimizeForInference, preprocessInput } from '@dendrite/mobilenet';
import { useNodePlatform } from '@dendrite/node';
import * as tf from '@tensorflow/tfjs-core';
import { CAT_CLASSES } from '../parts/transfer-format.js';

const INTERPOLATIONS: readonly Interpolation[] = ['nearest', 'bilinear', 'bicubic', 'lanczos', 'box', 'hamming'];
const shared = process.env.DENDRITE_SHARED ?? resolve(fileURLToPath(new URL('../../../../', import.meta.url)), '../shared');
const course = join(shared, 'data/pythontutorials');
const python = process.env.DENDRITE_KERAS_PYTHON ?? 'python3';

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? (process.argv[at + 1] ?? fallback) : fallback;
}

// Writes, for each photo, Pillow's decode and load_img's array for each interpolation, as raw uint8.
const KERAS_SCRIPT = `
import json, os, sys
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import numpy as np, keras
from PIL import Image
photos, interpolations, out = json.loads(sys.argv[1]), json.loads(sys.argv[2]), sys.argv[3]
for i, path in enumerate(photos):
    np.asarray(Image.open(path).convert("RGB"), dtype=np.uint8).tofile(os.path.join(out, f"{i}-decoded.u8"))
    for name in interpolations:
        image = keras.utils.load_img(path, target_size=(224, 224), interpolation=name)
        keras.utils.img_to_array(image).astype(np.uint8).tofile(os.path.join(out, f"{i}-{name}.u8"))
`;

function difference(a: ArrayLike<number>, b: ArrayLike<number>): { max: number; sum: number; differing: number } {
  let max = 0;
  let sum = 0;
  let differing = 0;
  for (let i = 0; i < a.length; i += 1) {
    const d = Math.abs((a[i] as number) - (b[i] as number));
    max = Math.max(max, d);
    sum += d;
    if (d !== 0) differing += 1;
  }
  return { max, sum, differing };
}

async function main(): Promise<void> {
  await useNodePlatform({ offline: true, ...(option('backend', '') !== '' ? { backend: option('backend', '') } : {}) });
  const cats = readdirSync(join(course, 'cats')).filter((name) => name.endsWith('.jpg')).sort();
  const photos = [join(course, 'boef.jpg'), ...cats.map((name) => join(course, 'cats', name))];
  const folder = mkdtempSync(join(tmpdir(), 'dendrite-keras-images-'));
  try {
    execFileSync(python, ['-c', KERAS_SCRIPT, JSON.stringify(photos), JSON.stringify(INTERPOLATIONS), folder], { stdio: ['ignore', 'ignore', 'pipe'] });
    const python_ = execFileSync(python, ['-c', 'import keras, PIL; print(keras.__version__, PIL.__version__)']).toString().trim().split(' ');
    console.log(`Against Keras ${python_[0]} load_img + img_to_array (Pillow ${python_[1]}), ${photos.length} photos (boef.jpg and ${cats.length} cats).`);

    let decodeMax = 0;
    let decodeDiffering = 0;
    for (const [i, path] of photos.entries()) {
      const decoded = await getPlatform().decodeImage(await getPlatform().readBytes(path));
      const d = difference(await decoded.data(), readFileSync(join(folder, `${i}-decoded.u8`)));
      decoded.dispose();
      decodeMax = Math.max(decodeMax, d.max);
      decodeDiffering += d.differing;
    }
    console.log(`JPEG decode, Node platform vs Pillow: max |difference| ${decodeMax}, ${decodeDiffering} differing values.`);

    console.log('Resize to 224 x 224, loadImage vs load_img:');
    for (const interpolation of INTERPOLATIONS) {
      let max = 0;
      let sum = 0;
      let count = 0;
      let differing = 0;
      for (const [i, path] of photos.entries()) {
        const image = await loadImage(path, { size: [224, 224], interpolation });
        const d = difference(await image.data(), readFileSync(join(folder, `${i}-${interpolation}.u8`)));
        image.dispose();
        max = Math.max(max, d.max);
        sum += d.sum;
        count += 224 * 224 * 3;
        differing += d.differing;
      }
      console.log(`  ${interpolation.padEnd(8)} max |difference| ${max}, mean ${(sum / count).toFixed(4)}, ${differing} differing values`);
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }

  if (process.argv.includes('--skip-sanity')) return;
  const models = join(shared, 'models');
  const weights = option('weights', join(models, 'mobilenet_v2_1.0_224-imagenet-tfjs-layers-uint8/model.json'));
  const labels = option('labels', join(models, 'imagenet-labels/imagenet_class_index.json'));
  const classIndex = await loadImageNetClassIndex(labels);
  const layers = await MobileNetV2({ weights });
  const model = optimizeForInference(layers);
  console.log(`Sanity check (${cats.length} cats, top-1 in an ImageNet cat class 281-285), ${weights}:`);
  for (const interpolation of INTERPOLATIONS) {
    let inCatClass = 0;
    for (const name of cats) {
      const image = await loadImage(join(course, 'cats', name), { size: [224, 224], interpolation });
      const scores = tf.tidy(() => model.predict(preprocessInput(tf.expandDims<tf.Tensor4D>(image, 0))) as tf.Tensor2D);
      const [best] = decodePredictions(await scores.array(), { top: 1, classIndex })[0] ?? [];
      tf.dispose([image, scores]);
      if (best !== undefined && CAT_CLASSES.has(best.classIndex)) inCatClass += 1;
    }
    const note = interpolation === 'nearest' ? "  (the course's loading: load_img's default)" : '';
    console.log(`  ${interpolation.padEnd(8)} ${inCatClass} of ${cats.length}${note}`);
  }
  model.dispose();
  layers.dispose();
}

await main();
