import { byId } from './dom.js';
import { errorElement } from './friendly-error.js';
import { deleteFromBrowser, downloadModel, loadFromBrowser, type NamedModel, savedModelInfo, saveInBrowser } from './saved-model.js';

/** The model part 4 predicts with: just trained, or loaded from the browser. */
export interface CurrentModel extends NamedModel {
  /** Frees what this model owns (never the shared MobileNetV2 base). */
  dispose(): void;
}

/** What the buttons work on. */
export interface SavedModelControlsOptions {
  /** Part 4's section, whose `data-saved` and `data-state` tell tests what happened. */
  readonly section: HTMLElement;
  /** The model to save or download, if any. */
  readonly current: () => CurrentModel | undefined;
  /** Makes a loaded model the current one. */
  readonly use: (model: CurrentModel) => void;
  /** Runs work after part 4's earlier work (training, predictions) has finished. */
  readonly enqueue: (work: () => Promise<void>) => void;
}

/**
 * The buttons that save the current model in IndexedDB or as a download, and load or delete the
 * saved one, with a status line saying what is in the browser.
 */
export function setUpSavedModelControls(options: SavedModelControlsOptions): { refresh(): Promise<void>; enable(): void } {
  const savedStatus = byId('part4-saved');
  const buttons = {
    save: byId<HTMLButtonElement>('part4-save'),
    download: byId<HTMLButtonElement>('part4-download'),
    load: byId<HTMLButtonElement>('part4-load'),
    remove: byId<HTMLButtonElement>('part4-delete'),
  };
  const refresh = async (): Promise<void> => {
    const info = await savedModelInfo();
    buttons.load.hidden = info === undefined;
    buttons.remove.hidden = info === undefined;
    options.section.dataset.saved = String(info !== undefined);
    if (info !== undefined && options.current() === undefined) {
      savedStatus.textContent = `A model saved on ${info.savedAt.toLocaleString()} (${(info.bytes / 1e6).toFixed(1)} MB) is in this browser.`;
    }
  };

  buttons.save.addEventListener('click', () => {
    const model = options.current();
    if (model === undefined) return;
    buttons.save.disabled = true;
    savedStatus.textContent = 'Saving…';
    options.enqueue(async () => {
      try {
        await saveInBrowser(model);
        savedStatus.textContent = `Saved in this browser (classes ${model.classNames.join(', ')}). It stays after a reload.`;
        await refresh();
      } catch (error) {
        savedStatus.replaceChildren(errorElement(error, 'saving the model'));
      } finally {
        buttons.save.disabled = false;
      }
    });
  });
  buttons.download.addEventListener('click', () => {
    const model = options.current();
    if (model !== undefined)
      void downloadModel(model).catch((error: unknown) => savedStatus.replaceChildren(errorElement(error, 'the download')));
  });
  buttons.load.addEventListener('click', () => {
    savedStatus.textContent = 'Loading the saved model…';
    options.enqueue(async () => {
      try {
        const loaded = await loadFromBrowser();
        options.use({ ...loaded, dispose: () => loaded.model.dispose() });
        options.section.dataset.state = 'loaded';
        savedStatus.textContent = `Loaded the saved model: classes ${loaded.classNames.join(', ')}. Pick photos to predict.`;
      } catch (error) {
        savedStatus.replaceChildren(errorElement(error, 'the saved model'));
      }
    });
  });
  buttons.remove.addEventListener('click', () => {
    options.enqueue(async () => {
      try {
        await deleteFromBrowser();
        savedStatus.textContent = 'The saved model was deleted.';
        await refresh();
      } catch (error) {
        savedStatus.replaceChildren(errorElement(error, 'deleting the saved model'));
      }
    });
  });
  return {
    refresh,
    enable: () => {
      buttons.save.disabled = false;
      buttons.download.disabled = false;
    },
  };
}
