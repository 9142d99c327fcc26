import { element } from './dom.js';

/** A result entry for a photo: its thumbnail and name, and a place for the answer. */
export function photoItem(file: File): HTMLLIElement {
  const url = URL.createObjectURL(file);
  const image = element('img', { src: url, alt: '', class: 'thumbnail', width: 112, height: 112 });
  // A file that is not an image shows no thumbnail; its error says why.
  image.addEventListener('error', () => image.remove(), { once: true });
  image.addEventListener('load', () => URL.revokeObjectURL(url), { once: true });
  return element('li', { class: 'result', 'data-state': 'waiting', 'data-file': file.name }, [
    image,
    element('div', { class: 'result-body' }, [
      element('h3', { class: 'file-name', text: file.name }),
      element('p', { class: 'pending', text: 'Waiting…' }),
    ]),
  ]);
}

/** Puts the answer (scores, an error, a "working" note) in a photo's entry, replacing the last one. */
export function showAnswer(item: HTMLLIElement, node: Node, state: 'working' | 'done' | 'failed'): void {
  const body = item.querySelector('.result-body')!;
  body.querySelector(':scope > .pending, :scope > .error, :scope > .scores')?.remove();
  body.append(node);
  item.dataset.state = state;
}
