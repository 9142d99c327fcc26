import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { Callback } from './callbacks.js';
import { defaultPrint } from './default-print.js';
import { InvalidArgumentError } from './errors.js';
import { improvementTest, type MonitorMode } from './monitor.js';
import type { EpochLogs } from './training-loop.js';

/**
 * Options of {@link ModelCheckpoint}, Keras's arguments in camelCase, and how to write.
 *
 * @category Training
 */
export interface ModelCheckpointOptions {
  /**
   * Where each checkpoint goes. `{epoch}` and `{name}` of any log (such as `{val_loss}`) are filled
   * in as Keras fills its `filepath`; numbers print as given, or with a format such as
   * `{val_loss:.2f}`.
   */
  readonly filepath: string;
  /**
   * Writes the model to the path. Default: `model.save(path)`, so TensorFlow.js's own handlers
   * (`'indexeddb://cats'`, `'downloads://cats'`, `'file://...'` with tfjs-node) work; pass
   * `saveModel` from `@dendrite/mobilenet` to write a folder through the platform, or any function.
   */
  readonly save?: (model: LayersModel, path: string) => Promise<unknown>;
  /** The value that decides the best model. Default `'val_loss'`, as Keras. */
  readonly monitor?: string;
  /** Save only when the monitored value improved on the best so far. Default false. */
  readonly saveBestOnly?: boolean;
  /** Whether the value should fall, rise, or go the way its name says (`'auto'`, the default). */
  readonly mode?: MonitorMode;
  /** 1 prints a line for each save. Default 0. */
  readonly verbose?: 0 | 1;
  /** Where lines go at `verbose: 1`. Default: the platform's print. */
  readonly print?: (line: string) => void;
}

/** Fills `{epoch}`, `{name}` and `{name:.Nf}` placeholders as Python's `str.format` would. */
function fillPath(template: string, values: Readonly<Record<string, number | undefined>>): string {
  return template.replace(/\{(\w+)(?::\.(\d+)f)?\}/g, (whole, name: string, digits: string | undefined) => {
    const value = values[name];
    if (value === undefined) {
      throw new InvalidArgumentError('filepath', `names {${name}}, which is not in the logs (${Object.keys(values).join(', ')})`, 'Use {epoch} or a logged name such as {val_loss}.');
    }
    return digits === undefined ? String(value) : value.toFixed(Number(digits));
  });
}

/**
 * Saves the model at the end of every epoch, or only when it is the best so far, as Keras's
 * `ModelCheckpoint` does. Core does not write files itself: the default is `model.save(path)`
 * (TensorFlow.js's handlers), and `save` takes any writer, such as the platform's folder writer.
 *
 * @category Training
 * @example
 * ```ts
 * const checkpoint = new ModelCheckpoint({ filepath: 'models/cats-{epoch}', save: saveModel, saveBestOnly: true });
 * await fit(model, train, { epochs: 20, validationData: validation, callbacks: [checkpoint] });
 * const best = await loadModel(checkpoint.lastSaved ?? '');
 * ```
 */
export class ModelCheckpoint implements Callback {
  /** The best monitored value saved so far. */
  best: number | undefined;
  /** The path of the last checkpoint written. */
  lastSaved: string | undefined;
  private model: LayersModel | undefined;
  private readonly improves: (value: number, reference: number | undefined) => boolean;

  /**
   * @param options - filepath (required), save, monitor, saveBestOnly, mode, verbose
   * @throws InvalidArgumentError for an empty filepath or an unknown mode
   */
  constructor(private readonly options: ModelCheckpointOptions) {
    if (typeof options?.filepath !== 'string' || options.filepath === '') {
      throw new InvalidArgumentError('filepath', 'must be a non-empty path', "Pass filepath: 'models/cats-{epoch}'.");
    }
    this.improves = improvementTest(options.monitor ?? 'val_loss', options.mode ?? 'auto', 0, 'ModelCheckpoint');
  }

  /**
   * Keeps the model being trained, whose weights it saves.
   *
   * @param model - the model {@link fit} is training
   */
  setModel(model: LayersModel): void {
    this.model = model;
  }

  /**
   * Saves the model to `filepath` filled in for this epoch, or only when the monitored value improved with `saveBestOnly`.
   *
   * @param epoch - the epoch's index from 0 (`{epoch}` in the path counts from 1, as in Keras)
   * @param logs - the epoch's logs, which fill the path's placeholders and hold the monitored value
   */
  async onEpochEnd(epoch: number, logs: EpochLogs): Promise<void> {
    const model = this.model;
    if (model === undefined) return;
    const monitor = this.options.monitor ?? 'val_loss';
    const print = this.options.print ?? defaultPrint();
    if (this.options.saveBestOnly === true) {
      const current = logs[monitor];
      if (current === undefined) {
        print(`Warning: can save the best model only with ${monitor} available, skipping (logs: ${Object.keys(logs).join(', ')}).`);
        return;
      }
      if (!this.improves(current, this.best)) {
        if (this.options.verbose === 1) print(`Epoch ${epoch + 1}: ${monitor} did not improve from ${String(this.best)}`);
        return;
      }
      this.best = current;
    }
    const path = fillPath(this.options.filepath, { ...logs, epoch: epoch + 1 });
    const save = this.options.save ?? ((m: LayersModel, p: string) => m.save(p));
    await save(model, path);
    this.lastSaved = path;
    if (this.options.verbose === 1) print(`Epoch ${epoch + 1}: finished saving model to ${path}`);
  }
}
