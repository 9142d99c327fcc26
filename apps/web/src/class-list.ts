import { cameraCapture, hasCamera } from './camera-capture.js';
import { element } from './dom.js';
import { photoPicker } from './photo-picker.js';

/** The photos given for one class. */
export interface LabelledClass {
  readonly name: string;
  readonly files: readonly File[];
}

interface ClassEntry {
  readonly card: HTMLFieldSetElement;
  readonly nameInput: HTMLInputElement;
  readonly files: File[];
  readonly take: (files: File[]) => void;
}

/**
 * The labelled set of part 4: one card per class with its name, its photos (picked, dropped, from a
 * folder, or from the camera where there is one) and their thumbnails.
 */
export class ClassList {
  private readonly entries: ClassEntry[] = [];
  private created = 0;

  constructor(private readonly container: HTMLElement) {}

  /** The classes, in label order (class 0 first). */
  classes(): LabelledClass[] {
    return this.entries.map((entry) => ({ name: entry.nameInput.value.trim(), files: [...entry.files] }));
  }

  /** Replaces every class with `classes`, in label order (at least two). */
  replaceAll(classes: readonly LabelledClass[]): void {
    for (const entry of this.entries.splice(0)) entry.card.remove();
    for (const { name, files } of classes) {
      this.add(name);
      this.entries.at(-1)?.take([...files]);
    }
  }

  /** Adds a class card named `name`. */
  add(name: string): void {
    const id = `part4-class-${++this.created}`;
    const nameInput = element('input', { id: `${id}-name`, type: 'text', value: name, required: true, spellcheck: 'false', class: 'class-name' });
    const thumbnails = element('ul', { class: 'thumbnails', 'aria-label': 'Photos of this class' });
    const count = element('p', { class: 'count', 'aria-live': 'polite', text: 'No photos yet.' });
    const files: File[] = [];
    const take = (added: File[]): void => {
      files.push(...added);
      for (const file of added) {
        const url = URL.createObjectURL(file);
        const image = element('img', { src: url, alt: file.name, width: 48, height: 48 });
        image.addEventListener('load', () => URL.revokeObjectURL(url), { once: true });
        image.addEventListener('error', () => image.replaceWith(element('span', { class: 'bad-thumbnail', text: '?' })), { once: true });
        thumbnails.append(element('li', { title: file.name }, [image]));
      }
      count.textContent = `${files.length} photo${files.length === 1 ? '' : 's'}.`;
    };
    const clear = element('button', { type: 'button', class: 'secondary small', text: 'Clear photos' });
    clear.addEventListener('click', () => {
      files.length = 0;
      thumbnails.replaceChildren();
      count.textContent = 'No photos yet.';
    });
    const remove = element('button', { type: 'button', class: 'secondary small', text: 'Remove class' });
    const card = element('fieldset', { class: 'class-card', 'data-class-id': id }, [
      element('legend', { text: `Label ${this.entries.length}` }),
      element('label', { for: nameInput.id, text: 'Class name' }),
      nameInput,
      photoPicker({ id, label: 'Photos of this class', folder: true, onFiles: take }),
      thumbnails,
      count,
      element('div', { class: 'controls' }, [clear, remove]),
    ]);
    const entry = { card, nameInput, files, take };
    remove.addEventListener('click', () => {
      if (this.entries.length <= 2) return;
      this.entries.splice(this.entries.indexOf(entry), 1);
      card.remove();
      this.renumber();
    });
    this.entries.push(entry);
    this.container.append(card);
    void hasCamera().then((available) => {
      if (available) card.querySelector('.controls')!.prepend(cameraCapture({ onCapture: (file) => take([file]) }));
    });
    this.renumber();
  }

  private renumber(): void {
    this.entries.forEach((entry, index) => {
      entry.card.querySelector('legend')!.textContent = `Label ${index}`;
      const remove = [...entry.card.querySelectorAll('button')].find((button) => button.textContent === 'Remove class');
      if (remove !== undefined) remove.disabled = this.entries.length <= 2;
    });
  }
}
