import * as tf from '@tensorflow/tfjs-core';
import { element } from './dom.js';
import { type FineTuning, missingGradientKernels } from './train-phases.js';

/** What part 4's options ask for beyond the course: augmentation, and a fine-tuning phase. */
export interface PhaseChoice {
  readonly augment: boolean;
  readonly fineTune: FineTuning | undefined;
}

/** The tutorial's second phase, as TensorFlow's MobileNetV2 tutorial runs it. */
const tutorial = { from: 100, epochs: 10, learningRate: 1e-5 };

/**
 * Part 4's two options from TensorFlow's MobileNetV2 tutorial, with a note that says which way
 * the page will train and why: augmentation changes every photo at every epoch and fine-tuning
 * trains the base, so neither can use the features computed once (the fast way).
 *
 * @returns the controls, and a reader of the current choice
 */
export function phaseControls(): { readonly element: HTMLElement; choice(): PhaseChoice; problem(): string | undefined } {
  const augment = element('input', { id: 'part4-augment', type: 'checkbox' });
  const fineTune = element('input', { id: 'part4-fine-tune', type: 'checkbox' });
  const number = (id: string, value: number, attributes: Record<string, string | number> = {}): HTMLInputElement =>
    element('input', { id, type: 'number', value, required: true, ...attributes });
  const from = number('part4-fine-tune-from', tutorial.from, { min: 0, step: 1, 'aria-label': 'First layer to fine-tune' });
  const epochs = number('part4-fine-tune-epochs', tutorial.epochs, { min: 1, max: 200, step: 1, 'aria-label': 'Fine-tuning epochs' });
  const learningRate = number('part4-fine-tune-learning-rate', tutorial.learningRate, {
    min: 0,
    step: 'any',
    'aria-label': 'Fine-tuning learning rate',
  });
  const way = element('p', { id: 'part4-way', class: 'hint', role: 'status' });

  const choice = (): PhaseChoice => ({
    augment: augment.checked,
    fineTune: fineTune.checked
      ? { from: Number(from.value), epochs: Number(epochs.value), learningRate: Number(learningRate.value) }
      : undefined,
  });
  /** Why the chosen options cannot run here, or undefined. */
  const problem = (): string | undefined => {
    const chosen = choice().fineTune;
    if (chosen === undefined) return undefined;
    const missing = missingGradientKernels();
    if (missing.length > 0) {
      return `Fine-tuning needs the gradients of convolutions, which the ${tf.getBackend()} backend of TensorFlow.js lacks (no ${missing.join(', ')} kernel). Choose WebGL or Plain JavaScript (cpu) under Settings, or train without fine-tuning.`;
    }
    if (!Number.isInteger(chosen.from) || chosen.from < 0) return 'Fine-tune from a layer number of 0 or more (the tutorial: 100).';
    if (!(chosen.epochs >= 1)) return 'Fine-tune for 1 epoch or more (the tutorial: 10).';
    if (!(chosen.learningRate > 0)) return 'Give fine-tuning a learning rate above 0 (the tutorial: 0.00001).';
    return undefined;
  };
  const update = (): void => {
    const { augment: augmenting, fineTune: tuning } = choice();
    for (const input of [from, epochs, learningRate]) input.disabled = tuning === undefined;
    if (!augmenting && tuning === undefined) {
      way.textContent = 'The fast way: each photo goes through the frozen MobileNetV2 once, and only the new layer trains on its features.';
      return;
    }
    const why = [
      ...(augmenting ? ['augmentation changes every photo at every epoch'] : []),
      ...(tuning !== undefined ? ['fine-tuning trains MobileNetV2 itself'] : []),
    ].join(', and ');
    way.replaceChildren(
      element('strong', { text: 'The Keras way. ' }),
      `The fast way (features computed once per photo) cannot be used, since ${why}: every photo runs through the whole model every epoch, which takes much longer.`,
      ...(tuning !== undefined && missingGradientKernels().length > 0
        ? [element('span', { class: 'warning', text: ` ${problem() ?? ''}` })]
        : []),
    );
  };
  for (const input of [augment, fineTune]) input.addEventListener('change', update);
  update();

  const block = element('fieldset', { id: 'part4-phases', class: 'phases' }, [
    element('legend', { text: 'Beyond the course: TensorFlow’s MobileNetV2 tutorial' }),
    element('p', { class: 'controls' }, [
      augment,
      element('label', { for: 'part4-augment', text: 'Augment (RandomFlip + RandomRotation) while training' }),
    ]),
    element('p', { class: 'controls' }, [
      fineTune,
      element('label', { for: 'part4-fine-tune', text: 'Then fine-tune from layer' }),
      from,
      element('span', { text: 'for' }),
      epochs,
      element('span', { text: 'epochs, learning rate' }),
      learningRate,
    ]),
    way,
  ]);
  return { element: block, choice, problem };
}
