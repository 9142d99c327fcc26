import { loadImage } from '@dendrite/data';
import { classify } from '@dendrite/mobilenet';
import * as tf from '@tensorflow/tfjs-core';
import { loadClassifier, useOwnWeights } from './classifier.js';
import { coursePhoto } from './course-photos.js';
import { byId, element } from './dom.js';
import { DownloadView } from './download-view.js';
import { errorElement, modelFilesHint } from './friendly-error.js';
import { photoPicker } from './photo-picker.js';
import { heatmapToggle } from './heatmap-toggle.js';
import { photoItem, showAnswer } from './photo-item.js';
import { scoreBars } from './score-bars.js';
import type { PageSettings } from './settings.js';

/**
 * Part 3: photos picked or dropped are classified by MobileNetV2, one after the other, each with its
 * top 5 ImageNet classes. The model is loaded on first use, with a download bar.
 */
export function setUpClassifyPart(settings: PageSettings): void {
  const results = byId<HTMLOListElement>('part3-results');
  const download = new DownloadView(byId('part3-model-status'));
  let queue = Promise.resolve();
  const classifyFiles = (files: File[]): void => {
    const items = files.map((file) => {
      const item = photoItem(file);
      results.prepend(item);
      return { file, item };
    });
    // One photo at a time; a failure is shown and does not stop the photos after it.
    queue = queue
      .then(async () => {
        for (const { file, item } of items) await classifyOne(settings, download, file, item);
      })
      .catch((error: unknown) => download.fail(errorElement(error, 'part 3')));
  };
  byId('part3-picker').append(photoPicker({ id: 'part3', label: 'Photos to classify', onFiles: classifyFiles }));
  byId('part3-course-photo').addEventListener('click', () => {
    coursePhoto('boef.jpg').then(
      (file) => classifyFiles([file]),
      (error: unknown) => download.fail(errorElement(error, 'boef.jpg')),
    );
  });
  if (settings.weights !== 'imagenet-uint8') byId('part3-weights').textContent = `Its weights: ${settings.weights}.`;
  const ownWeights = byId<HTMLInputElement>('own-weights-files');
  ownWeights.addEventListener('change', () => {
    const files = [...(ownWeights.files ?? [])];
    ownWeights.value = '';
    if (files.length === 0) return;
    const names = useOwnWeights(files);
    byId('part3-weights').textContent = `Its weights: yours (${names}).`;
    byId('own-weights-status').textContent = `Your own weights: ${names}. They are read with the next photo.`;
  });
}

async function classifyOne(settings: PageSettings, download: DownloadView, file: File, item: HTMLLIElement): Promise<void> {
  const answer = (node: Node, state: 'working' | 'done' | 'failed'): void => showAnswer(item, node, state);
  let image: tf.Tensor3D;
  try {
    answer(element('p', { class: 'pending', text: 'Reading the photo…' }), 'working');
    // The photo first: a file that is not one is reported without downloading the model. Loaded as
    // the course loads it: load_img(path, target_size=(224, 224)), stretched, nearest neighbour.
    image = await loadImage(file, { size: [224, 224], interpolation: 'nearest' });
  } catch (error) {
    answer(errorElement(error, file.name), 'failed');
    return;
  }
  const batch = tf.expandDims(image, 0) as tf.Tensor4D;
  try {
    answer(element('p', { class: 'pending', text: 'Waiting for MobileNetV2…' }), 'working');
    let classifier;
    try {
      download.start('Loading MobileNetV2');
      classifier = await loadClassifier(settings, download.onProgress);
      download.finish('MobileNetV2');
    } catch (error) {
      download.fail(errorElement(error, 'the model', modelFilesHint));
      answer(element('p', { class: 'error', text: 'Not classified: the model could not be loaded (see above).' }), 'failed');
      return;
    }
    answer(element('p', { class: 'pending', text: 'Looking…' }), 'working');
    const [top = []] = await classify(classifier.model, batch, { top: 5, classIndex: classifier.classIndex });
    item.dataset.classIndex = String(top[0]?.classIndex);
    item.dataset.className = top[0]?.className ?? '';
    answer(
      scoreBars(
        top.map((prediction) => ({ label: prediction.className.replace(/_/g, ' '), detail: `class ${prediction.classIndex}`, score: prediction.score })),
        `Top 5 ImageNet classes for ${file.name}`,
      ),
      'done',
    );
    const { model } = classifier;
    item.querySelector('.result-body')?.append(heatmapToggle(() => model, file, top[0]?.className ?? ''));
  } catch (error) {
    answer(errorElement(error, file.name), 'failed');
  } finally {
    tf.dispose([image, batch]);
  }
}
