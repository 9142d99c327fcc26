import { InvalidDataError } from '@dendrite/core';
import { prepareFineTuning, withAugmentation } from '@dendrite/keras';
import { preprocessInput } from '@dendrite/mobilenet';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import * as tfl from '@tensorflow/tfjs-layers';
import type { LabelledClass } from './class-list.js';
import { classesDataset, describeAccuracy, type NewClassesModel, validatedPhotos } from './train-new-classes.js';
import { trainWithCurves } from './train-with-curves.js';
import type { TrainingChart } from './training-chart.js';
import { transferModels } from './transfer-head.js';

/** The tutorial's second phase: the base from a layer on trains too, slowly. */
export interface FineTuning {
  /** The first layer of the model to train (the tutorial: 100). */
  readonly from: number;
  /** Epochs of the second phase, after the first phase's. */
  readonly epochs: number;
  /** RMSprop's learning rate (the tutorial: 1e-5). */
  readonly learningRate: number;
}

/** How {@link trainPhases} trains and reports. */
export interface TrainPhasesOptions {
  /** The last this many photos of each class are held back for validation (0: none). */
  readonly validationPerClass: number;
  /** Epochs of the first phase (the new layer on the frozen base). */
  readonly epochs: number;
  readonly seed: number;
  /** RandomFlip('horizontal') and RandomRotation(0.2) in front of the model while training. */
  readonly augment: boolean;
  /** Then unfreeze the base from a layer and train on; undefined: one phase. */
  readonly fineTune: FineTuning | undefined;
  readonly chart: TrainingChart;
  /** Called with what each phase is about to do. */
  readonly onPhase: (message: string) => void;
  /** Called when photos had to be left out. */
  readonly onWarning: (message: string) => void;
  /** Receives Keras's verbose 2 lines. */
  readonly print: (line: string) => void;
}

/** A model trained in one or two phases, with the second phase's figures. */
export interface PhasesModel extends NewClassesModel {
  /** After unfreezing, as Keras's summary counts them; undefined without fine-tuning. */
  readonly fineTuning?: { readonly trainableParams: number; readonly nonTrainableParams: number; readonly accuracyBefore: number };
}

const imageLoading = { size: [224, 224] as [number, number], interpolation: 'nearest' as const, preprocess: preprocessInput };

/**
 * The gradient kernels fine-tuning needs that the current backend lacks (TensorFlow.js's wasm backend
 * has no Conv2DBackpropFilter nor depthwise backprop kernels of its own).
 */
export function missingGradientKernels(backend = tf.getBackend()): string[] {
  const needed = [
    'Conv2DBackpropFilter',
    'Conv2DBackpropInput',
    'DepthwiseConv2dNativeBackpropFilter',
    'DepthwiseConv2dNativeBackpropInput',
  ];
  return needed.filter((kernel) => tf.getKernel(kernel, backend) === undefined);
}

/**
 * A copy of `model` with weights of its own, so that fine-tuning leaves the page's shared
 * MobileNetV2 (part 3's, and part 4's next run) as it was.
 */
async function copyOf(model: LayersModel): Promise<LayersModel> {
  let artifacts: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (saved) => {
      artifacts = saved;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  if (artifacts === undefined) throw new Error('MobileNetV2 could not be copied for fine-tuning.');
  return tfl.loadLayersModel(tf.io.fromMemory(artifacts));
}

/**
 * Transfer learning the Keras way, as TensorFlow's MobileNetV2 tutorial does it: every photo runs
 * through the whole model every epoch (after the augmentation layers, when asked), the new layer
 * trains on the frozen base; then, when asked, the base from a layer on is unfrozen (BatchNorm kept
 * frozen), recompiled with RMSprop at a low learning rate, and trained on, the History and the
 * chart continuing from the first phase's epochs.
 */
export async function trainPhases(base: LayersModel, classes: readonly LabelledClass[], options: TrainPhasesOptions): Promise<PhasesModel> {
  const { seed, epochs, fineTune, augment } = options;
  const { classNames, split } = classesDataset(classes, options.validationPerClass);
  const own = fineTune === undefined ? undefined : await copyOf(base);
  const models = transferModels(own ?? base, classNames.length, seed);
  const full = models.full;
  full.compile({ optimizer: tf.train.adam(0.001), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
  const dispose = (): void => {
    (full.optimizer as tf.Optimizer | undefined)?.dispose();
    models.dispose();
    own?.dispose();
  };
  const held: tf.Tensor[] = [];
  try {
    const onWarning = (warning: { message: string }): void => options.onWarning(warning.message);
    const train = await split.train.load({ ...imageLoading, onWarning });
    held.push(train.xs, train.ys);
    if (train.sources.length === 0) {
      throw new InvalidDataError('photos', 'none of them could be read as an image', 'Pick JPEG, PNG, GIF, BMP or WebP photos.');
    }
    const validation = split.validation === undefined ? undefined : await split.validation.load({ ...imageLoading, onWarning });
    if (validation !== undefined) held.push(validation.xs, validation.ys);
    const validationData = validation === undefined ? {} : { validationData: [validation.xs, validation.ys] as const };
    // The augmentation layers are new for each phase; they share every other layer with `full`, and
    // disposing the augmented model after its phase gives back its hold on them (freeing none).
    const fitPhase = async (phase: Omit<Parameters<typeof trainWithCurves>[3], 'chart' | 'print' | 'seed'>) => {
      const model = augment ? withAugmentation(full, seed) : full;
      try {
        return await trainWithCurves(model, train.xs, train.ys, {
          ...phase,
          seed,
          ...validationData,
          chart: options.chart,
          print: options.print,
        });
      } finally {
        if (model !== full) model.dispose();
      }
    };

    options.onPhase(
      `Phase 1: the new layer trains on the frozen MobileNetV2, ${epochs} epoch(s)${augment ? ", each photo flipped and rotated anew (RandomFlip('horizontal'), RandomRotation(0.2))" : ''}.`,
    );
    const first = await fitPhase({ epochs, chartEpochs: epochs + (fineTune?.epochs ?? 0) });
    const accuracyBefore = first.history['accuracy']?.at(-1) ?? Number.NaN;
    let history = first;
    let fineTuning: PhasesModel['fineTuning'];
    if (fineTune !== undefined) {
      const counts = prepareFineTuning(full, { from: fineTune.from, learningRate: fineTune.learningRate });
      fineTuning = { ...counts, accuracyBefore };
      options.onPhase(
        `Phase 2, fine-tuning: MobileNetV2 from layer ${fineTune.from} on trains too (${counts.trainableParams.toLocaleString('en-US')} trainable parameters, ${counts.nonTrainableParams.toLocaleString('en-US')} not; every BatchNormalization stays frozen), RMSprop(learning_rate=${fineTune.learningRate}), epochs ${epochs + 1} to ${epochs + fineTune.epochs}.`,
      );
      options.chart.startPhase('fine-tuning');
      history = await fitPhase({ initialEpoch: epochs, epochs: epochs + fineTune.epochs });
    }
    const accuracy = history.history['accuracy']?.at(-1) ?? Number.NaN;
    const validationAccuracy = history.history['val_accuracy']?.at(-1);
    const validationPhotos =
      validation === undefined || split.validation === undefined
        ? []
        : await validatedPhotos(full, [validation.xs, validation.ys], validation.sources, split.validation);
    return {
      model: full,
      classNames,
      accuracy,
      validationAccuracy,
      validationPhotos,
      summary: describeAccuracy(accuracy, validationAccuracy, train.sources.length, validation?.sources.length ?? 0),
      dispose,
      ...(fineTuning !== undefined ? { fineTuning } : {}),
    };
  } catch (error) {
    dispose();
    throw error;
  } finally {
    tf.dispose(held);
  }
}
