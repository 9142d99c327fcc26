// The browser side of the consumer: the same course steps through @dendrite/web, written as a page's
// script would be. The release check type-checks it with the DOM library against the installed
// tarballs; it is not run (that needs a bundler and a browser).
import { fit, formatBackendReport, type TransferProgress } from '@dendrite/core';
import { loadImages, thresholdDataset } from '@dendrite/data';
import { classify, loadImageNetClassIndex, MobileNetV2 } from '@dendrite/mobilenet';
import { imageToTensor, type ProgressEventDetail, useWebPlatform } from '@dendrite/web';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

export async function runPage(output: HTMLElement, photo: HTMLImageElement, file: File): Promise<void> {
  const print = (line: string): void => {
    output.textContent += `${line}\n`;
  };
  const { backend } = await useWebPlatform({
    print,
    onProgress: (event: ProgressEventDetail) => print(`${event.label} ${event.current}/${event.total}`),
  });
  print(formatBackendReport(backend));

  const { x, y } = thresholdDataset({ samples: 10_000, seed: 42 });
  const model = tfl.sequential({
    layers: [tfl.layers.dense({ inputShape: [1], units: 8, activation: 'relu' }), tfl.layers.dense({ units: 2, activation: 'softmax' })],
  });
  model.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
  const history = await fit(model, x, y, { epochs: 10, verbose: 2, seed: 42, print });
  print(`accuracy ${history.history.accuracy?.at(-1)?.toFixed(4) ?? '?'}`);
  tf.dispose([x, y]);
  model.dispose();

  const onProgress = (event: TransferProgress): void => print(`${event.source}: ${event.loadedBytes} bytes`);
  const mobilenet = await MobileNetV2({ weights: '/models/mobilenet_v2/model.json', onProgress });
  const classIndex = await loadImageNetClassIndex('/models/imagenet_class_index.json');
  const pixels = await imageToTensor(photo);
  const fromElement = tf.tidy(() => tf.expandDims<tf.Tensor4D>(tf.image.resizeBilinear(pixels, [224, 224]), 0));
  const fromFile = await loadImages([file], { size: [224, 224] });
  const batch = tf.concat([fromElement, fromFile]);
  tf.dispose([pixels, fromElement, fromFile]);
  const results = await classify(mobilenet, batch, { top: 3, classIndex });
  batch.dispose();
  mobilenet.dispose();
  for (const best of results) print(best.map((p) => `${p.className} ${p.score.toFixed(2)}`).join(', '));
}
