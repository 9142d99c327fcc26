import { loadImage } from '@dendrite/data';
import { RandomFlip, RandomRotation } from '@dendrite/keras';
import * as tf from '@tensorflow/tfjs-core';
import { coursePhoto } from './course-photos.js';
import { element } from './dom.js';
import { errorElement } from './friendly-error.js';

/** How many augmented copies are drawn beside the photo. */
const copies = 6;
const size = 224;
const photos = ['boef.jpg', 'cats/f01.jpg', 'cats/m01.jpg', 'cats/f07.jpg'];

/**
 * What augmentation does: one of the course's photos, and beside it a few copies run through the
 * same layers the page trains with (RandomFlip('horizontal'), RandomRotation(0.2)) in training
 * mode, seeded. "New copies" draws with the next seed.
 */
export function augmentationPreview(): HTMLElement {
  const select = element(
    'select',
    { id: 'augment-photo' },
    photos.map((path) => element('option', { value: path, text: path })),
  );
  const button = element('button', { id: 'augment-new', type: 'button', class: 'secondary', text: 'Show augmented copies' });
  const row = element('div', { id: 'augment-copies', class: 'augment-copies', 'aria-live': 'polite' });
  const status = element('p', { class: 'hint', role: 'status' });
  let seed = 0;
  let drawing = Promise.resolve();

  const draw = (): void => {
    seed += 1;
    const runSeed = seed;
    button.disabled = true;
    drawing = drawing
      .then(async () => {
        const file = await coursePhoto(select.value);
        const image = await loadImage(file, { size: [size, size], interpolation: 'nearest' });
        // Each copy in the batch gets its own draw, as each photo of a training batch does.
        const flip = new RandomFlip({ mode: 'horizontal', seed: runSeed });
        const rotation = new RandomRotation({ factor: 0.2, seed: runSeed + 1 });
        const pixels = tf.tidy(() => {
          const batch = tf.tile(tf.expandDims(tf.cast(image, 'float32'), 0), [copies, 1, 1, 1]);
          const augmented = rotation.apply(flip.apply(batch, { training: true }), { training: true }) as tf.Tensor4D;
          const all = tf.concat([tf.expandDims(image, 0), tf.clipByValue(augmented, 0, 255)]);
          return tf.unstack(tf.cast(tf.round(all), 'int32')) as tf.Tensor3D[];
        });
        image.dispose();
        try {
          const canvases = await Promise.all(
            pixels.map(async (copy, i) => {
              const canvas = element('canvas', {
                width: size,
                height: size,
                role: 'img',
                'aria-label': i === 0 ? `${select.value} as loaded` : `Augmented copy ${i} of ${select.value}`,
                class: i === 0 ? 'original' : 'copy',
              });
              await tf.browser.toPixels(copy, canvas);
              return element('figure', {}, [canvas, element('figcaption', { text: i === 0 ? 'the photo' : `copy ${i}` })]);
            }),
          );
          row.replaceChildren(...canvases);
        } finally {
          tf.dispose(pixels);
        }
        row.dataset.seed = String(runSeed);
        row.dataset.photo = select.value;
        status.textContent = `${copies} copies with seed ${runSeed}: each is flipped left-right or not, and turned by up to 72° either way (a factor of 0.2 of a full turn), filling the corners by reflection. The labels stay the same.`;
        button.textContent = 'New copies';
      })
      .catch((error: unknown) => status.replaceChildren(errorElement(error, 'the augmented copies')))
      .finally(() => {
        button.disabled = false;
      });
  };
  button.addEventListener('click', draw);
  select.addEventListener('change', () => {
    if (row.childElementCount > 0) draw();
  });

  return element('div', { id: 'augment-preview', class: 'augment-preview' }, [
    element('h3', { text: 'What augmentation does' }),
    element('p', {
      text: 'While training, the augmentation layers show the model a different version of each photo at every epoch, so that it cannot learn the photos by heart as easily. At prediction time they let photos through untouched.',
    }),
    element('div', { class: 'controls' }, [element('label', { for: 'augment-photo', text: 'Photo' }), select, button]),
    row,
    status,
  ]);
}
