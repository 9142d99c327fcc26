import { classificationReport, formatClassificationReport } from '@dendrite/core';
import { element } from './dom.js';
import './evaluation.css';

/** A held-back photo, its true class and the class the model gave it. */
export interface ValidatedPhoto {
  readonly file: File;
  readonly label: number;
  readonly predicted: number;
  /** The model's probability for the predicted class. */
  readonly score: number;
}

/**
 * The validation confusion matrix as a table whose cells are buttons: a click lists the photos of
 * that cell (true class in the row, prediction in the column) with their thumbnails. Below it,
 * scikit-learn's classification report.
 */
export function confusionMatrixView(photos: readonly ValidatedPhoto[], classNames: readonly string[]): HTMLElement {
  const report = classificationReport(
    photos.map((photo) => photo.label),
    photos.map((photo) => photo.predicted),
    { classNames },
  );
  const cellPhotos = element('div', { class: 'cell-photos', 'aria-live': 'polite' });
  const buttons: HTMLButtonElement[] = [];
  const show = (button: HTMLButtonElement, t: number, p: number): void => {
    for (const other of buttons) other.setAttribute('aria-pressed', String(other === button));
    const picked = photos.filter((photo) => photo.label === t && photo.predicted === p);
    const heading = `${picked.length} ${classNames[t]} photo(s) predicted as ${classNames[p]}`;
    cellPhotos.dataset.true = String(t);
    cellPhotos.dataset.predicted = String(p);
    cellPhotos.replaceChildren(
      element('h4', { text: heading }),
      element(
        'ul',
        { class: 'cell-photo-list' },
        picked.map((photo) => {
          const url = URL.createObjectURL(photo.file);
          const image = element('img', { src: url, alt: photo.file.name, class: 'thumbnail', width: 96, height: 96 });
          image.addEventListener('load', () => URL.revokeObjectURL(url), { once: true });
          return element('li', { 'data-file': photo.file.name }, [image, element('span', { text: `${photo.file.name} (${(photo.score * 100).toFixed(0)} %)` })]);
        }),
      ),
    );
  };
  const header = element('tr', {}, [element('th', { scope: 'col', text: 'true \\ predicted' }), ...classNames.map((name) => element('th', { scope: 'col', text: name }))]);
  const rows = classNames.map((name, t) =>
    element('tr', {}, [
      element('th', { scope: 'row', text: name }),
      ...classNames.map((_, p) => {
        const count = report.confusionMatrix[t]?.[p] ?? 0;
        const button = element('button', {
          type: 'button',
          class: t === p ? 'cell right' : 'cell wrong',
          'data-true': t,
          'data-predicted': p,
          'data-count': count,
          'aria-pressed': 'false',
          'aria-label': `${count} ${name} photo(s) predicted as ${classNames[p]}: show them`,
          text: String(count),
        });
        button.addEventListener('click', () => show(button, t, p));
        buttons.push(button);
        return element('td', {}, [button]);
      }),
    ]),
  );
  return element('div', { class: 'evaluation', 'data-accuracy': report.accuracy }, [
    element('h3', { text: `The ${photos.length} held-back photos: what was taken for what (click a cell to see its photos)` }),
    element('table', { class: 'confusion-matrix' }, [element('thead', {}, [header]), element('tbody', {}, rows)]),
    cellPhotos,
    element('pre', { class: 'report', 'aria-label': 'Classification report' }, [formatClassificationReport(report).join('\n')]),
  ]);
}
