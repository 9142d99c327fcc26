import { element } from './dom.js';

/** What {@link photoPicker} shows and where the chosen files go. */
export interface PhotoPickerOptions {
  /** A unique prefix for the ids of its inputs. */
  readonly id: string;
  /** The visible label, such as "Photos to classify". */
  readonly label: string;
  /** Also offer to pick a whole folder. Default false. */
  readonly folder?: boolean;
  /** Receives the files picked or dropped, in name order. */
  readonly onFiles: (files: File[]) => void;
}

const imageName = /\.(jpe?g|png|gif|bmp|webp)$/i;

/**
 * A drop zone with a file input (and optionally a folder input): photos can be dropped, or picked
 * with the keyboard or a click. Dropped folders are read recursively, keeping image files only.
 */
export function photoPicker(options: PhotoPickerOptions): HTMLElement {
  const input = element('input', { id: `${options.id}-files`, type: 'file', accept: 'image/*', multiple: true, class: 'visually-hidden' });
  const deliver = (files: File[]): void => {
    if (files.length > 0) options.onFiles([...files].sort((a, b) => a.name.localeCompare(b.name, undefined, { numeric: true })));
  };
  input.addEventListener('change', () => {
    deliver([...(input.files ?? [])]);
    input.value = '';
  });
  // The buttons are labels around visually hidden inputs: the inputs keep keyboard focus and their
  // native behaviour, the labels give them a readable look and name.
  const button = (text: string, control: HTMLInputElement, extraClass = ''): HTMLLabelElement =>
    element('label', { class: `pick-button ${extraClass}`.trim() }, [
      text,
      element('span', { class: 'visually-hidden', text: ` (${options.label})` }),
      control,
    ]);
  const zone = element('div', { class: 'drop-zone' }, [
    element('p', { class: 'drop-hint' }, [element('strong', { text: options.label }), ': drop them here, or']),
    button('Choose photos', input),
  ]);
  if (options.folder === true) {
    const folder = element('input', {
      id: `${options.id}-folder`,
      type: 'file',
      multiple: true,
      class: 'visually-hidden',
      webkitdirectory: true,
    });
    folder.addEventListener('change', () => {
      deliver([...(folder.files ?? [])].filter((file) => imageName.test(file.name)));
      folder.value = '';
    });
    zone.append(button('Choose a folder', folder, 'secondary'));
  }
  zone.addEventListener('dragover', (event) => {
    event.preventDefault();
    zone.classList.add('dragging');
  });
  zone.addEventListener('dragleave', () => zone.classList.remove('dragging'));
  zone.addEventListener('drop', (event) => {
    event.preventDefault();
    zone.classList.remove('dragging');
    void droppedFiles(event.dataTransfer).then(deliver);
  });
  return zone;
}

/** The files of a drop, with folders read recursively (their non-image files left out). */
async function droppedFiles(transfer: DataTransfer | null): Promise<File[]> {
  if (transfer === null) return [];
  const entries = [...transfer.items].map((item) => item.webkitGetAsEntry()).filter((entry): entry is FileSystemEntry => entry !== null);
  if (entries.length === 0 || entries.every((entry) => entry.isFile)) return [...transfer.files];
  const files: File[] = [];
  for (const entry of entries) files.push(...(await readEntry(entry, entry.isFile)));
  return files;
}

async function readEntry(entry: FileSystemEntry, dropped: boolean): Promise<File[]> {
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
    // A file dropped on its own is kept whatever its name, so that a bad one gets a visible error.
    return dropped || imageName.test(file.name) ? [file] : [];
  }
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  const files: File[] = [];
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) return files;
    for (const child of batch) files.push(...(await readEntry(child, false)));
  }
}
