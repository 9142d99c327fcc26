// A program written the way a user of the published packages writes one. The release check copies it
// into a fresh project outside the workspace, installs the packed tarballs there, type-checks it
// (strict, NodeNext) and runs it. It prints one line, `RESULT <json>`, that the check reads.
import { DendriteError, fit, summaryTable } from '@dendrite/core';
import * as tfl from '@tensorflow/tfjs-layers';
import { expectNoLeakedTensors } from '@dendrite/core/testing';
import { loadImages, thresholdDataset } from '@dendrite/data';
import { classify, MobileNetV2 } from '@dendrite/mobilenet';
import { useNodePlatform } from '@dendrite/node';
import { startStaticFileServer } from '@dendrite/node/testing';
import * as tf from '@tensorflow/tfjs-core';

interface ConsumerResult {
  backend: string;
  parameters: number;
  finalAccuracy: number;
  argmax: number[];
  leakedTensors: number;
  photo?: { classIndex: number; className: string; score: number };
}

const { backend } = await useNodePlatform();

// Part 2: the basic network.
const { x, y } = thresholdDataset({ samples: 10_000, seed: 42 });
const model = tfl.sequential({
  layers: [tfl.layers.dense({ inputShape: [1], units: 8, activation: 'relu' }), tfl.layers.dense({ units: 2, activation: 'softmax' })],
});
model.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
const history = await fit(model, x, y, { epochs: 10, verbose: 2, seed: 42 });
const before = tf.memory().numTensors;
const argmax = tf.tidy(() => {
  const inputs = tf.tensor2d([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9], [10, 1]);
  return tf.argMax<tf.Tensor1D>(model.predict(inputs) as tf.Tensor2D, 1).arraySync();
});
const result: ConsumerResult = {
  backend: backend.selected,
  parameters: summaryTable(model).trainableParams,
  finalAccuracy: history.history.accuracy?.at(-1) ?? Number.NaN,
  argmax,
  leakedTensors: tf.memory().numTensors - before,
};
tf.dispose([x, y]);
model.dispose();

// Part 3: classify the course's photo (served over HTTP, as a user's photo may be) with the ImageNet
// weights built into @dendrite/mobilenet-embedded and Keras's class index (no download).
const photo = process.env.DENDRITE_PHOTO;
if (photo !== undefined) {
  const slash = photo.lastIndexOf('/');
  const server = await startStaticFileServer({ root: photo.slice(0, slash) });
  try {
    const mobilenet = await MobileNetV2({ weights: 'imagenet-uint8' });
    const images = await loadImages([`${server.url}/${photo.slice(slash + 1)}`], { size: [224, 224] });
    const predictions = await expectNoLeakedTensors(() => classify(mobilenet, images, { top: 1 }));
    const best = predictions[0]?.[0];
    if (best !== undefined) result.photo = { classIndex: best.classIndex, className: best.className, score: best.score };
    images.dispose();
    mobilenet.dispose();
  } catch (error) {
    if (DendriteError.isInstance(error)) console.error(`Dendrite error ${error.code}: ${error.message}`);
    throw error;
  } finally {
    await server.close();
  }
}

console.log(`RESULT ${JSON.stringify(result)}`);
