import { summary } from '@dendrite/core';
import { courseNetwork } from '@dendrite/course';
import { thresholdDataset } from '@dendrite/data';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { byId, element, nextFrame } from './dom.js';
import { errorElement } from './friendly-error.js';
import { TrainingChart } from './training-chart.js';
import { trainWithCurves } from './train-with-curves.js';

/** The course's inputs for the predictions: 0, 0.1, ..., 0.9. */
const probes = Array.from({ length: 10 }, (_, i) => i / 10);

/**
 * Part 2: the course's basic network. Builds it (seeded), shows its summary, trains it on the
 * threshold data with a 10 % validation split and live curves, then predicts 0..0.9.
 */
export function setUpBasicsPart(): void {
  const form = byId<HTMLFormElement>('part2-form');
  const button = byId<HTMLButtonElement>('part2-train');
  const status = byId('part2-status');
  const log = byId('part2-log');
  const chart = new TrainingChart(byId('part2-chart'));
  const section = byId('part2');
  showSummary(42);

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const epochs = Number(data.get('epochs'));
    const seed = Number(data.get('seed'));
    button.disabled = true;
    section.dataset.state = 'training';
    void train(epochs, seed, chart, log, status)
      .then((accuracy) => {
        section.dataset.state = 'done';
        section.dataset.finalAccuracy = String(accuracy);
      })
      .catch((error: unknown) => {
        section.dataset.state = 'failed';
        status.replaceChildren(errorElement(error, 'the training'));
      })
      .finally(() => {
        button.disabled = false;
      });
  });
}

async function train(epochs: number, seed: number, chart: TrainingChart, log: HTMLElement, status: HTMLElement): Promise<number> {
  log.textContent = '';
  byId('part2-log-block').hidden = false;
  byId('part2-predictions').replaceChildren();
  status.textContent = 'Making 10,000 numbers and building the network…';
  await nextFrame();
  const { x, y } = thresholdDataset({ samples: 10_000, seed });
  const model = courseNetwork(seed);
  try {
    byId('part2-summary').textContent = summary(model, { print: () => undefined });
    status.textContent = `Training for ${epochs} epochs…`;
    const started = performance.now();
    const history = await trainWithCurves(model, x, y, {
      epochs,
      seed,
      validationSplit: 0.1,
      chart,
      print: (line) => {
        log.textContent += `${line}\n`;
        log.scrollTop = log.scrollHeight;
      },
    });
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const accuracy = history.history['accuracy']?.at(-1) ?? Number.NaN;
    const validation = history.history['val_accuracy']?.at(-1) ?? Number.NaN;
    status.textContent = `Trained in ${seconds} s: accuracy ${accuracy.toFixed(4)} on the training data, ${validation.toFixed(4)} on the validation data.`;
    showPredictions(model);
    return accuracy;
  } finally {
    tf.dispose([x, y]);
    model.dispose();
  }
}

/** The summary of the network before training: its layers, output shapes and 34 parameters. */
function showSummary(seed: number): void {
  const model = courseNetwork(seed);
  try {
    byId('part2-summary').textContent = summary(model, { print: () => undefined });
  } finally {
    model.dispose();
  }
}

/** The course's last step: predict 0, 0.1, ..., 0.9 and take the argmax of each row. */
function showPredictions(model: LayersModel): void {
  const [rows, classes] = tf.tidy(() => {
    const predictions = model.predict(tf.tensor2d(probes, [probes.length, 1])) as tf.Tensor2D;
    return [predictions.arraySync(), tf.argMax(predictions, 1).arraySync() as number[]] as const;
  });
  const table = element('table', { class: 'predictions' }, [
    element('caption', { text: 'predict([0, 0.1, …, 0.9]): the probability of each class, and the argmax' }),
    element('thead', {}, [
      element('tr', {}, ['x', 'P(class 0)', 'P(class 1)', 'argmax'].map((name) => element('th', { scope: 'col', text: name }))),
    ]),
    element(
      'tbody',
      {},
      rows.map((row, i) =>
        element('tr', {}, [
          element('th', { scope: 'row', text: probes[i]!.toFixed(1) }),
          element('td', { text: row[0]!.toFixed(4) }),
          element('td', { text: row[1]!.toFixed(4) }),
          element('td', { text: String(classes[i]), class: 'argmax' }),
        ]),
      ),
    ),
  ]);
  byId('part2-predictions').replaceChildren(
    table,
    element('p', { id: 'part2-argmax', 'data-argmax': classes.join(' ') }, [
      'argmax over axis 1: ',
      element('code', { text: classes.join(' ') }),
      classes.join(' ') === '0 0 0 0 0 1 1 1 1 1' ? ' — below 0.5 is class 0, from 0.5 on class 1, as the rule says.' : '',
    ]),
  );
}
