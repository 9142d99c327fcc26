import { gradCam, heatmapOverlay } from '@dendrite/core';
import { loadImage } from '@dendrite/data';
import { preprocessInput } from '@dendrite/mobilenet';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { element } from './dom.js';
import './evaluation.css';
import { errorElement } from './friendly-error.js';

const SIZE = 224;

/**
 * A button that shows, under a prediction, where the model found its top class: Grad-CAM on the
 * last feature map, laid over the photo. It is computed on the first click from the file (no
 * tensor is kept between clicks) and then only shown or hidden.
 */
export function heatmapToggle(model: () => LayersModel | undefined, file: File, className: string): HTMLElement {
  const button = element('button', { type: 'button', class: 'secondary heatmap-toggle', 'aria-expanded': 'false', text: 'Show the heatmap' });
  const canvas = element('canvas', { class: 'heatmap', width: SIZE, height: SIZE, hidden: true, 'aria-label': `Where the model found ${className} in ${file.name}` });
  const box = element('div', { class: 'heatmap-box', 'data-state': 'hidden' }, [button, canvas]);
  let drawn = false;
  button.addEventListener('click', () => {
    void (async () => {
      const showing = !canvas.hidden;
      if (!showing && !drawn) {
        const current = model();
        if (current === undefined) return;
        button.disabled = true;
        box.dataset.state = 'working';
        try {
          const hot = await drawHeatmap(current, file, canvas);
          box.dataset.hotRow = String(hot.row);
          box.dataset.hotColumn = String(hot.column);
          drawn = true;
        } catch (error) {
          box.dataset.state = 'failed';
          box.append(errorElement(error, `the heatmap of ${file.name}`));
          return;
        } finally {
          button.disabled = false;
        }
      }
      canvas.hidden = showing;
      button.textContent = showing ? 'Show the heatmap' : 'Hide the heatmap';
      button.setAttribute('aria-expanded', String(!showing));
      box.dataset.state = showing ? 'hidden' : 'shown';
    })();
  });
  return box;
}

/** Draws the photo under its heatmap on the canvas; returns the hottest cell of the heatmap. */
async function drawHeatmap(model: LayersModel, file: File, canvas: HTMLCanvasElement): Promise<{ row: number; column: number }> {
  const photo = await loadImage(file, { size: [SIZE, SIZE] });
  const held: tf.Tensor[] = [photo];
  try {
    const images = tf.tidy(() => preprocessInput(tf.expandDims<tf.Tensor4D>(photo, 0)));
    held.push(images);
    const heatmaps = gradCam(model, images);
    held.push(heatmaps);
    const heatmap = tf.tidy(() => tf.squeeze(heatmaps, [0]) as tf.Tensor2D);
    held.push(heatmap);
    const overlay = heatmapOverlay(photo, heatmap);
    held.push(overlay);
    await tf.browser.toPixels(overlay, canvas);
    const values = await heatmap.data();
    const hottest = values.indexOf(Math.max(...values));
    const columns = heatmap.shape[1];
    return { row: Math.floor(hottest / columns), column: hottest % columns };
  } finally {
    tf.dispose(held);
  }
}
