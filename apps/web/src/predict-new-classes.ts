import { loadImage } from '@dendrite/data';
import { preprocessInput } from '@dendrite/mobilenet';
import * as tf from '@tensorflow/tfjs-core';
import { element } from './dom.js';
import { errorElement } from './friendly-error.js';
import { heatmapToggle } from './heatmap-toggle.js';
import { showAnswer } from './photo-item.js';
import type { NamedModel } from './saved-model.js';
import { scoreBars } from './score-bars.js';

/** Predicts the class of one photo with part 4's model and shows every class's probability in its entry. */
export async function predictNewClasses(current: NamedModel, file: File, item: HTMLLIElement, model?: () => NamedModel['model'] | undefined): Promise<void> {
  try {
    showAnswer(item, element('p', { class: 'pending', text: 'Looking…' }), 'working');
    // As the training photos were loaded: the course's load_img(path, target_size=(224, 224)).
    const image = await loadImage(file, { size: [224, 224], interpolation: 'nearest' });
    const probabilities = tf.tidy(() => current.model.predict(preprocessInput(tf.expandDims(image, 0))) as tf.Tensor2D);
    image.dispose();
    const values = Array.from(await probabilities.data());
    probabilities.dispose();
    const ranked = values.map((score, index) => ({ label: current.classNames[index] ?? `class ${index}`, score })).sort((a, b) => b.score - a.score);
    item.dataset.className = ranked[0]?.label ?? '';
    showAnswer(item, scoreBars(ranked, `Predicted classes for ${file.name}`), 'done');
    // Grad-CAM with the model current when the button is pressed (the page may have trained another).
    if (model !== undefined) item.querySelector('.result-body')?.append(heatmapToggle(model, file, ranked[0]?.label ?? ''));
  } catch (error) {
    showAnswer(item, errorElement(error, file.name), 'failed');
  }
}
