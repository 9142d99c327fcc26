import {
  type ClassificationReport,
  fit,
  formatClassificationReport,
  getPlatform,
  type History,
  InvalidArgumentError,
  summary as modelSummary,
  type ProgressIndicator,
  summaryTable,
  type TransferProgress,
} from '@dendrite/core';
import { courseCatsRule } from '@dendrite/course';
import {
  type FileNameRule,
  type ImageDataset,
  imageDatasetFromDirectory,
  imageDatasetFromExamples,
  imageDatasetFromFiles,
  stratifiedSplit,
  type ValidationSplit,
} from '@dendrite/data';
import { loadKerasModel, saveKerasModel } from '@dendrite/keras';
import {
  decodePredictions,
  evaluate,
  extractFeatures,
  loadModel,
  preprocessInput,
  saveModel,
  transferClassNames,
  transferHead,
  transferModel,
} from '@dendrite/mobilenet';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { writePlots } from '../plots/write-plots.js';
import { AssetsUnavailableError } from './assets-unavailable-error.js';
import { formatConfusionMatrix } from './confusion-matrix-format.js';
import { DEFAULT_WEIGHTS, describeWeights, EMBEDDED_LABELS, loadImageNetAssets } from './imagenet-assets.js';
import { formatLeftOut, leftOutFiles } from './left-out-files.js';
import {
  CAT_CLASSES,
  conclusion,
  formatArgmax,
  formatMisclassified,
  formatSanityCheck,
  type MisclassifiedRow,
  type SanityRow,
} from './transfer-format.js';
import { type FineTuneOptions, prepareFineTuning, withAugmentation } from './transfer-phases.js';
import { checkValidationSize } from './validation-size.js';

/** How photos get their class: the course's file names, one folder per class, or `<class>_...` names. */
export type TransferRule = 'course-cats' | 'folders' | 'prefix';

/** Options of part 4. */
export interface TransferPartOptions {
  /** The photos: a folder. */
  readonly folder: string;
  /**
   * `'imagenet-uint8'` (default: the embedded weights), `'imagenet'` (Keras's, downloaded once), or
   * the path or URL of the full classifier's model.json or .h5.
   */
  readonly weights?: string;
  /** Path or URL of Keras's `imagenet_class_index.json`; default the copy embedded in the packages. */
  readonly labels?: string;
  /** How photos are labelled. Default `'course-cats'` (f01..f20 female, m01..m20 male). */
  readonly rule?: TransferRule;
  /** Epochs of each training run. Default 20. */
  readonly epochs?: number;
  /** Images per training step. Default 32. */
  readonly batchSize?: number;
  /** The held-out photos: `'first15'` (the course: first 15 of each class train) or a fraction. */
  readonly validation?: 'first15' | number;
  /** `'fast'` (default): features once, head trained on them. `'keras'`: every image every epoch. */
  readonly mode?: 'fast' | 'keras';
  /**
   * Where to save the model trained on all photos: a `.keras` or `.h5` file (Keras's formats, which
   * Keras 3 loads), or a folder (TensorFlow.js's model.json and weights.bin, loaded back to check it).
   */
  readonly save?: string;
  /** Train with the tutorial's RandomFlip and RandomRotation in front of the model (the Keras way only). */
  readonly augment?: boolean;
  /** After the proper-validation run, unfreeze the base from a layer and train on (the tutorial's second phase). */
  readonly fineTune?: FineTuneOptions;
  /** A folder to write the training curves and the validation confusion matrix in, as SVG images. */
  readonly plots?: string;
  /** Seed of the heads' initial weights, the batch order and a random split. */
  readonly seed: number;
  /** Where the human-readable text goes; a no-op in --json mode. */
  readonly print: (line: string) => void;
  /** Redraws the current terminal line (Keras's progress bar); absent when not a terminal. */
  readonly write?: (partialLine: string) => void;
  /** Starts a progress bar (the platform's). */
  readonly progress: (label: string, total: number) => ProgressIndicator;
  /** Download progress of the weights and class names. */
  readonly onProgress?: (event: TransferProgress) => void;
}

/** The model saved as TensorFlow.js's model.json and weights.bin, loaded back and compared. */
export interface SavedFolder {
  readonly folder: string;
  readonly classNames: readonly string[] | undefined;
  readonly identicalPredictions: boolean;
}

/** The model saved as a Keras file, for `keras.saving.load_model`. */
export interface SavedKerasFile {
  readonly file: string;
  readonly format: 'keras' | 'h5';
  readonly bytes: number;
  /** The output neurons' meaning, in order: Keras's files have no place for class names. */
  readonly classNames: readonly string[];
  /** Whether the file, read back with loadKerasModel, predicts exactly as the trained model. */
  readonly identicalPredictions: boolean;
}

/** One training run as plain data. */
export interface TrainingRunResult {
  readonly images: number;
  readonly history: History['history'];
  readonly trainingAccuracy: number;
  readonly seconds: number;
}

/** What part 4 produced, as plain data (the --json output). */
export interface TransferPartResult {
  readonly folder: string;
  readonly rule: TransferRule;
  readonly mode: 'fast' | 'keras';
  readonly weights: string;
  readonly labels: string;
  readonly classNames: readonly string[];
  readonly classCounts: readonly number[];
  readonly sanityCheck: readonly (SanityRow & { readonly isCat: boolean })[] | { readonly skipped: string };
  readonly model: {
    readonly layers: number;
    readonly params: { readonly total: number; readonly trainable: number; readonly nonTrainable: number };
    readonly summary: string;
  };
  readonly features: { readonly images: number; readonly fromCache: number; readonly seconds: number };
  readonly allPhotos: TrainingRunResult & { readonly argmax: Record<string, number[]> };
  readonly split: TrainingRunResult & {
    readonly validationImages: number;
    readonly validationAccuracy: number;
    readonly validation: string;
  };
  /** Whether the proper-validation run trained with the tutorial's augmentation. */
  readonly augmented: boolean;
  /** The second phase, when asked for: its epochs continue the first phase's (History's `epoch`). */
  readonly fineTune?: {
    readonly from: number;
    readonly learningRate: number;
    readonly trainableParams: number;
    readonly history: History['history'];
    readonly epoch: readonly number[];
    readonly trainingAccuracy: number;
    readonly validationAccuracy: number;
    readonly seconds: number;
  };
  readonly saved?: SavedFolder | SavedKerasFile;
  /** The split model on the validation photos: scikit-learn's report and confusion matrix, and its mistakes. */
  readonly validationReport: ClassificationReport & { readonly misclassified: readonly MisclassifiedRow[] };
  /** The image files --plots wrote. */
  readonly plots?: readonly string[];
  readonly conclusion: string;
}

const INPUT_SIZE = [224, 224] as const;
/** The course loads each photo with load_img(path, target_size=(224, 224)): stretched, nearest neighbour. */
const COURSE_LOADING = { interpolation: 'nearest', cropToAspectRatio: false } as const;

/** `<class>_anything.ext`: the class is the part before the first underscore. */
const prefixRule: FileNameRule = { labelOf: (fileName) => /^([^_]+)_/.exec(fileName)?.[1] };

async function loadDataset(folder: string, rule: TransferRule): Promise<ImageDataset> {
  if (rule === 'folders') return imageDatasetFromDirectory(folder, { shuffle: false });
  return imageDatasetFromFiles(folder, rule === 'prefix' ? prefixRule : courseCatsRule);
}

/** Says which files of the folder the rule left out, and why (Keras says what it found, too). */
async function warnLeftOut(folder: string, rule: TransferRule): Promise<void> {
  const [byName, needs] =
    rule === 'folders'
      ? [undefined, '']
      : rule === 'prefix'
        ? [prefixRule, '<class>_name, which --rule prefix needs']
        : [courseCatsRule, 'f or m then a number (as f01.jpg or m20.jpg), which --rule course-cats needs'];
  for (const line of formatLeftOut(folder, await leftOutFiles(folder, byName, needs))) getPlatform().print(line);
}

/** Parses `--validation`: `first15` or a fraction in (0, 1). */
export function parseValidation(raw: string | undefined): 'first15' | number {
  if (raw === undefined || raw === 'first15') return 'first15';
  const value = Number(raw);
  if (!(value > 0 && value < 1)) {
    throw new InvalidArgumentError(
      '--validation',
      `expected first15 or a fraction between 0 and 1, got '${raw}'`,
      'Pass --validation first15 (the course) or for example --validation 0.25.',
    );
  }
  return value;
}

function validationSplit(validation: 'first15' | number): ValidationSplit {
  // The course trains on the first 15 photos of each class and holds out the last 5.
  return validation === 'first15' ? { lastPerClass: 5 } : validation;
}

/** The rows of `features` (aligned with `sources`) that belong to `part`, with their labels. */
function rowsOf(features: tf.Tensor2D, sources: readonly string[], part: ImageDataset): { x: tf.Tensor2D; y: tf.Tensor1D } {
  const rowByName = new Map(sources.map((source, row) => [source, row]));
  const picked = part.examples.flatMap((example) => {
    const row = rowByName.get(example.name);
    return row === undefined ? [] : [{ row, label: example.label }];
  });
  return {
    x: tf.tidy(() =>
      tf.gather(
        features,
        tf.tensor1d(
          picked.map((p) => p.row),
          'int32',
        ),
      ),
    ),
    y: tf.tensor1d(
      picked.map((p) => p.label),
      'float32',
    ),
  };
}

function lastAccuracy(history: History, name: 'accuracy' | 'val_accuracy'): number {
  return history.history[name]?.at(-1) ?? Number.NaN;
}

/**
 * Course part 4: transfer learning, female vs male cats. The sanity check (each photo's top
 * ImageNet class), a new Dense softmax head on MobileNetV2's pooled features with everything else
 * frozen, 20 epochs on all photos and the argmax per class, then the proper split (the first 15 of
 * each class train, the last 5 validate) with a fresh head, and what it means: overfitting.
 *
 * @throws AssetsUnavailableError when the weights or class names cannot be had, saying how to pass local copies
 */
export async function runTransfer(options: TransferPartOptions): Promise<TransferPartResult> {
  const { folder, print, seed, progress } = options;
  const weights = options.weights ?? DEFAULT_WEIGHTS;
  const labels = options.labels ?? EMBEDDED_LABELS;
  const rule = options.rule ?? 'course-cats';
  const epochs = options.epochs ?? 20;
  const batchSize = options.batchSize ?? 32;
  // The fast way trains on features computed once per photo; augmentation changes every photo at
  // every epoch, and fine-tuning changes the base, so neither can use them: both train the Keras way.
  const needsKerasWay = options.augment === true || options.fineTune !== undefined;
  const mode = needsKerasWay ? 'keras' : (options.mode ?? 'fast');
  const validation = options.validation ?? 'first15';
  const verbose = 1 as const;
  const fitOutput = { print, ...(options.write !== undefined ? { write: options.write } : {}) };

  print('Part 4 · Transfer learning: female vs male cats');
  print('');
  if (needsKerasWay && options.mode !== 'keras') {
    const why = options.augment === true ? '--augment changes every photo at every epoch' : '--fine-tune-from trains the base itself';
    print(`The Keras way: the fast way (features cached once per photo) cannot be used, since ${why}.`);
    print('');
  }
  const dataset = await loadDataset(folder, rule);
  print(`The photos: ${String(dataset)} (${folder}).`);
  await warnLeftOut(folder, rule);
  // Checked now: the split would otherwise fail only after the first training run.
  checkValidationSize(dataset.classNames, dataset.classCounts(), validation);
  const { model: base, classIndex } = await loadImageNetAssets(weights, options.labels, options.onProgress);
  print(describeWeights(weights));
  const classifier = base.layers[base.layers.length - 1];
  const hasImageNetTop = classifier?.getClassName() === 'Dense' && base.outputs[0]?.shape.at(-1) === 1000;
  let model = transferModel(base, { classNames: dataset.classNames, seed });
  const held: tf.Tensor[] = [];
  try {
    // One pass of every photo through the frozen base: the sanity check reads the ImageNet top from
    // these features, and the fast way trains on them.
    const started = Date.now();
    const bar = progress('Features', dataset.length);
    const extracted = await extractFeatures(model, dataset, {
      cache: true,
      interpolation: COURSE_LOADING.interpolation,
      onProgress: ({ done, fromCache }) => bar.update(done, fromCache > 0 ? `${fromCache} from the cache` : undefined),
    });
    bar.done();
    held.push(extracted.features, extracted.labels);
    const featureSeconds = (Date.now() - started) / 1000;
    const featureCount = extracted.features.shape[1];
    print(
      `Features: ${extracted.sources.length} photos through MobileNetV2 up to its pooling layer, ${featureCount} numbers each (${featureSeconds.toFixed(1)} s, ${extracted.fromCache} from the cache).`,
    );
    print('');

    print(
      "Sanity check: each photo's top ImageNet class (all should be cats), photos loaded as the course loads them (load_img, nearest).",
    );
    let sanityCheck: TransferPartResult['sanityCheck'];
    if (hasImageNetTop && classifier !== undefined) {
      const scores = tf.tidy(() => classifier.apply(extracted.features) as tf.Tensor2D);
      const top = decodePredictions(await scores.array(), { top: 1, classIndex });
      scores.dispose();
      const rows = top.map(([best], i) => ({
        image: extracted.sources[i] as string,
        classIndex: best?.classIndex ?? -1,
        className: best?.className ?? '?',
        score: best?.score ?? Number.NaN,
      }));
      formatSanityCheck(rows).forEach((line) => {
        print(line);
      });
      sanityCheck = rows.map((row) => ({ ...row, isCat: CAT_CLASSES.has(row.classIndex) }));
    } else {
      sanityCheck = { skipped: 'The weights have no ImageNet classifier (includeTop: false).' };
      print(`  Skipped: ${sanityCheck.skipped}`);
    }
    print('');

    const table = summaryTable(model);
    const params = {
      total: table.trainableParams + table.nonTrainableParams,
      trainable: table.trainableParams,
      nonTrainable: table.nonTrainableParams,
    };
    const summary = modelSummary(model, { print: () => undefined });
    const [secondToLast, last] = table.rows.slice(-2).map((row) => row.name);
    const shown = modelSummary(model, { print: () => undefined, layerRange: [`^${secondToLast}$`, `^${last}$`] }).split('\n');
    print(
      `The new model: a Dense(${dataset.classNames.length}, softmax) head on the output of the second-to-last layer, every other layer frozen.`,
    );
    print(`Its last two layers (the ${table.rows.length - 2} before them are MobileNetV2's; --json has the whole table):`);
    shown.forEach((line) => {
      print(line);
    });
    print('');

    const trainAll = async (
      current: LayersModel,
      train: ImageDataset,
      heldOut?: ImageDataset,
      phase: { initialEpoch: number; epochs: number } = { initialEpoch: 0, epochs },
    ): Promise<History> => {
      const fitOptions = { epochs: phase.epochs, initialEpoch: phase.initialEpoch, batchSize, seed, verbose, ...fitOutput };
      if (mode === 'fast') {
        const trainRows = rowsOf(extracted.features, extracted.sources, train);
        const validationRows = heldOut === undefined ? undefined : rowsOf(extracted.features, extracted.sources, heldOut);
        const head = transferHead(current);
        try {
          // The fast way: only the head trains, on the features computed once.
          return await fit(head, trainRows.x, trainRows.y, {
            ...fitOptions,
            ...(validationRows !== undefined ? { validationData: [validationRows.x, validationRows.y] as const } : {}),
          });
        } finally {
          head.dispose();
          tf.dispose([trainRows.x, trainRows.y, ...(validationRows === undefined ? [] : [validationRows.x, validationRows.y])]);
        }
      }
      const images = await train.load({ size: INPUT_SIZE, ...COURSE_LOADING, preprocess: preprocessInput });
      const heldImages =
        heldOut === undefined ? undefined : await heldOut.load({ size: INPUT_SIZE, ...COURSE_LOADING, preprocess: preprocessInput });
      // The Keras way: fit on the whole model; its frozen base runs in inference mode. With
      // augmentation, the flip and rotation run in front of it in training mode.
      const trained = options.augment === true ? withAugmentation(current, seed) : current;
      try {
        return await fit(trained, images.xs, images.ys, {
          ...fitOptions,
          ...(heldImages !== undefined ? { validationData: [heldImages.xs, heldImages.ys] as const } : {}),
        });
      } finally {
        // The augmented model only holds the model's layers: disposing it frees none of their weights.
        if (trained !== current) trained.dispose();
        tf.dispose([images.xs, images.ys, ...(heldImages === undefined ? [] : [heldImages.xs, heldImages.ys])]);
      }
    };

    const how =
      mode === 'fast'
        ? 'the fast way: the head trains on the features above; the Keras way (--keras-way) gives the same weights'
        : `the Keras way: every photo runs through the whole model every epoch${options.augment === true ? ", after RandomFlip('horizontal') and RandomRotation(0.2)" : ''}`;
    print(`Training on all ${extracted.sources.length} photos: fit(x, y, epochs=${epochs}, batch_size=${batchSize}), ${how}.`);
    let clock = Date.now();
    const history = await trainAll(model, dataset);
    const allSeconds = (Date.now() - clock) / 1000;
    const predicted = tf.tidy(() =>
      Array.from(tf.argMax(model.layers[model.layers.length - 1]?.apply(extracted.features) as tf.Tensor2D, 1).dataSync()),
    );
    const trueLabels = Array.from(extracted.labels.dataSync());
    print('');
    print('The most active output neuron (argmax) for each photo, by class:');
    formatArgmax(dataset.classNames, trueLabels, predicted).forEach((line) => {
      print(line);
    });
    const argmax = Object.fromEntries(dataset.classNames.map((name, label) => [name, predicted.filter((_, i) => trueLabels[i] === label)]));
    print('');

    let saved: TransferPartResult['saved'];
    if (options.save !== undefined) {
      if (/\.(keras|h5|hdf5)$/i.test(options.save)) {
        const written = await saveKerasAndReload(model, options.save, dataset);
        saved = written;
        print(
          `Saved to ${written.file} (Keras ${written.format === 'keras' ? '3 .keras archive' : 'legacy .h5 file'}, ${(written.bytes / 1e6).toFixed(1)} MB); output neuron i is class ${dataset.classNames.map((name, i) => `${i} = ${name}`).join(', ')}.`,
        );
        print(
          `Loaded back with loadKerasModel, its predictions are ${written.identicalPredictions ? 'identical' : 'DIFFERENT'}. In Python: keras.saving.load_model('${written.file}').`,
        );
      } else {
        const folderSaved = await saveAndReload(model, options.save, dataset);
        saved = folderSaved;
        print(
          `Saved to ${folderSaved.folder} (model.json and weights.bin, class names ${folderSaved.classNames?.join(', ') ?? 'none'}); loaded back, its predictions are ${folderSaved.identicalPredictions ? 'identical' : 'DIFFERENT'}.`,
        );
      }
      print('');
    }

    const { train, validation: heldOut } = stratifiedSplit(dataset, { validation: validationSplit(validation), seed });
    const described =
      validation === 'first15'
        ? 'the first 15 photos of each class train, the last 5 validate'
        : `${Math.round(validation * 100)} % of each class, drawn with the seed, validate`;
    print(`Proper validation: ${train.length} photos train, ${heldOut.length} validate (${described}), with a fresh head.`);
    model = transferModel(model, { classNames: dataset.classNames, seed: seed + 1 });
    clock = Date.now();
    const splitHistory = await trainAll(model, train, heldOut);
    const splitSeconds = (Date.now() - clock) / 1000;
    const trainingAccuracy = lastAccuracy(splitHistory, 'accuracy');
    const validationAccuracy = lastAccuracy(splitHistory, 'val_accuracy');
    const closing = conclusion(trainingAccuracy, validationAccuracy, dataset.classNames.length, train.length, heldOut.length);
    print('');
    print(closing);
    print('');

    // What the validation accuracy hides: which photos, taken for which class.
    const { predictions: _predictions, ...validationReport } = await evaluate(model, heldOut, {
      size: INPUT_SIZE,
      preprocess: preprocessInput,
    });
    print(
      `The ${heldOut.length} validation photos: the confusion matrix (rows: the true class, columns: the prediction) and the classification report.`,
    );
    formatConfusionMatrix(validationReport).forEach((line) => {
      print(`  ${line}`);
    });
    print('');
    formatClassificationReport(validationReport).forEach((line) => {
      print(line);
    });
    print('');
    formatMisclassified(validationReport.misclassified).forEach((line) => {
      print(line);
    });
    let fineTune: TransferPartResult['fineTune'];
    if (options.fineTune !== undefined) {
      const { from, learningRate } = options.fineTune;
      const counts = prepareFineTuning(model, options.fineTune);
      print('');
      print(
        `Fine-tuning: layers from ${from} on train (${counts.trainableParams.toLocaleString('en-US')} trainable parameters, ${counts.nonTrainableParams.toLocaleString('en-US')} not), every BatchNormalization frozen in inference mode; RMSprop(learning_rate=${learningRate}), epochs ${epochs + 1} to ${epochs + options.fineTune.epochs}.`,
      );
      clock = Date.now();
      const fineHistory = await trainAll(model, train, heldOut, { initialEpoch: epochs, epochs: epochs + options.fineTune.epochs });
      fineTune = {
        from,
        learningRate,
        trainableParams: counts.trainableParams,
        history: fineHistory.history,
        epoch: fineHistory.epoch,
        trainingAccuracy: lastAccuracy(fineHistory, 'accuracy'),
        validationAccuracy: lastAccuracy(fineHistory, 'val_accuracy'),
        seconds: (Date.now() - clock) / 1000,
      };
      print('');
      print(
        `After fine-tuning: training accuracy ${fineTune.trainingAccuracy.toFixed(2)}, validation accuracy ${fineTune.validationAccuracy.toFixed(2)} (before: ${trainingAccuracy.toFixed(2)} and ${validationAccuracy.toFixed(2)}).`,
      );
    }

    let plots: readonly string[] | undefined;
    if (options.plots !== undefined) {
      // With fine-tuning, the curves run on through its epochs (History continues with initialEpoch).
      const history =
        fineTune === undefined
          ? splitHistory.history
          : Object.fromEntries(
              Object.entries(splitHistory.history).map(([name, values]) => [name, [...values, ...(fineTune?.history[name] ?? [])]]),
            );
      plots = await writePlots(options.plots, {
        history,
        report: validationReport,
        ...(fineTune !== undefined ? { fineTuningFrom: epochs + 1 } : {}),
      });
      if (fineTune !== undefined) print('');
      print(`Plots: ${plots.join(', ')}`);
    }

    return {
      folder,
      rule,
      mode,
      weights,
      labels,
      classNames: dataset.classNames,
      classCounts: dataset.classCounts(),
      sanityCheck,
      model: { layers: model.layers.length, params, summary },
      features: { images: extracted.sources.length, fromCache: extracted.fromCache, seconds: featureSeconds },
      allPhotos: {
        images: extracted.sources.length,
        history: history.history,
        trainingAccuracy: lastAccuracy(history, 'accuracy'),
        seconds: allSeconds,
        argmax,
      },
      split: {
        images: train.length,
        validationImages: heldOut.length,
        validation: String(validation),
        history: splitHistory.history,
        trainingAccuracy,
        validationAccuracy,
        seconds: splitSeconds,
      },
      ...(saved !== undefined ? { saved } : {}),
      ...(fineTune !== undefined ? { fineTune } : {}),
      augmented: options.augment === true,
      validationReport,
      ...(plots !== undefined ? { plots } : {}),
      conclusion: closing,
    };
  } finally {
    tf.dispose(held);
    // The last model owns the base, the ImageNet top and the earlier head.
    model.dispose();
  }
}

/** Saves the model, loads it back and compares their predictions on a few photos. */
async function saveAndReload(model: LayersModel, folder: string, dataset: ImageDataset): Promise<SavedFolder> {
  await saveModel(model, folder);
  const reloaded = await loadModel(folder);
  try {
    return { folder, classNames: transferClassNames(reloaded), identicalPredictions: await samePredictions(model, reloaded, dataset) };
  } finally {
    reloaded.dispose();
  }
}

/** Saves the model as a Keras file, reads it back with loadKerasModel and compares predictions. */
async function saveKerasAndReload(model: LayersModel, path: string, dataset: ImageDataset): Promise<SavedKerasFile> {
  const written = await saveKerasModel(model, path);
  const reloaded = await loadKerasModel(written.path);
  try {
    const identicalPredictions = await samePredictions(model, reloaded, dataset);
    return { file: written.path, format: written.format, bytes: written.bytes, classNames: dataset.classNames, identicalPredictions };
  } finally {
    reloaded.dispose();
  }
}

/** Whether two models give exactly the same predictions for the first four photos. */
async function samePredictions(model: LayersModel, reloaded: LayersModel, dataset: ImageDataset): Promise<boolean> {
  const sample = imageDatasetFromExamples(dataset.examples.slice(0, 4), { classNames: dataset.classNames });
  const { xs, ys } = await sample.load({ size: INPUT_SIZE, ...COURSE_LOADING, preprocess: preprocessInput });
  try {
    const [before, after] = tf.tidy(() => [(model.predict(xs) as tf.Tensor).dataSync(), (reloaded.predict(xs) as tf.Tensor).dataSync()]);
    return before !== undefined && after !== undefined && before.length === after.length && before.every((value, i) => value === after[i]);
  } finally {
    tf.dispose([xs, ys]);
  }
}

/** Part 4 as the course runs it: its result, or why it was skipped. */
export type CoursePart4Result = TransferPartResult | { readonly skipped: string };

/**
 * Part 4 within the course: runs {@link runTransfer} on the course's cats when they are found, and
 * when the photos or the weights cannot be had, says how to supply them and returns instead of
 * failing.
 */
export async function runCoursePart4(
  options: Omit<TransferPartOptions, 'folder'> & { readonly folder: string | undefined },
): Promise<CoursePart4Result> {
  const { folder, print, ...rest } = options;
  if (folder === undefined) {
    print('Part 4 · Transfer learning: female vs male cats');
    print(
      "Skipped: the course's cat photos are not in apps/tutorials/photos/cats. Pass a folder of them: npm run tutorials -- course --cats path/to/cats",
    );
    return { skipped: 'The course cat photos were not found.' };
  }
  try {
    return await runTransfer({ ...rest, folder, print });
  } catch (error) {
    if (!(error instanceof AssetsUnavailableError)) throw error;
    error.message.split('\n').forEach((line) => {
      print(line);
    });
    print(
      'Part 4 is skipped. Run it with the embedded weights (leave out --weights) or with local copies: npm run tutorials -- transfer path/to/cats --weights path/to/model.json',
    );
    return { skipped: error.message };
  }
}
