import { encodeKerasModel } from '@dendrite/keras';
import { byId, element } from './dom.js';
import { errorElement } from './friendly-error.js';
import type { NamedModel } from './saved-model.js';

/**
 * Adds a "Download for Keras" button beside part 4's download button: it saves the trained model
 * (MobileNetV2 and the new layer) as a `.keras` file that Keras 3 loads with
 * `keras.saving.load_model`. The button is enabled whenever the download button is.
 */
export function addKerasDownload(current: () => NamedModel | undefined): void {
  const download = byId<HTMLButtonElement>('part4-download');
  const status = byId('part4-saved');
  const button = element('button', { id: 'part4-download-keras', type: 'button', class: 'secondary', disabled: download.disabled, text: 'Download for Keras (.keras)' });
  download.after(button);
  new MutationObserver(() => {
    button.disabled = download.disabled;
  }).observe(download, { attributes: true, attributeFilter: ['disabled'] });

  button.addEventListener('click', () => {
    const named = current();
    if (named === undefined) return;
    button.disabled = true;
    status.textContent = 'Writing the .keras file…';
    encodeKerasModel(named.model, { format: 'keras' })
      .then((bytes) => {
        const url = URL.createObjectURL(new Blob([new Uint8Array(bytes)], { type: 'application/zip' }));
        const link = element('a', { href: url, download: 'dendrite-new-classes.keras' });
        link.click();
        setTimeout(() => URL.revokeObjectURL(url), 60_000);
        status.textContent =
          `Downloaded dendrite-new-classes.keras (${(bytes.length / 1e6).toFixed(1)} MB). In Python: keras.saving.load_model('dendrite-new-classes.keras'); ` +
          `output ${named.classNames.map((name, i) => `${i} is ${name}`).join(', ')}.`;
      })
      .catch((error: unknown) => status.replaceChildren(errorElement(error, 'the .keras file')))
      .finally(() => {
        button.disabled = download.disabled;
      });
  });
}
