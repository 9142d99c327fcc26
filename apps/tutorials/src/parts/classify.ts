import type { TransferProgress } from '@dendrite/core';
import { DendriteError } from '@dendrite/core';
import { loadImage } from '@dendrite/data';
import {
  decodePredictions,
  type ImageNetClassIndex,
  type ImageNetPrediction,
  type InferenceModel,
  optimizeForInference,
  preprocessInput,
} from '@dendrite/mobilenet';
import * as tf from '@tensorflow/tfjs-core';
import { forCommandLine } from '../cli-advice.js';
import { AssetsUnavailableError } from './assets-unavailable-error.js';
import { formatClassification } from './classify-format.js';
import { DEFAULT_WEIGHTS, describeWeights, EMBEDDED_LABELS, loadImageNetAssets } from './imagenet-assets.js';

/** Options of part 3. */
export interface ClassifyPartOptions {
  /** Paths or URLs of the photos. */
  readonly images: readonly string[];
  /**
   * `'imagenet-uint8'` (default: the embedded weights), `'imagenet'` (Keras's, downloaded once), or the
   * path or URL of a TF.js layers model.json or a Keras `.keras`, `.h5` or `.weights.h5` file (alpha read from it).
   */
  readonly weights?: string;
  /** Path or URL of Keras's `imagenet_class_index.json`; default the copy embedded in the packages. */
  readonly labels?: string;
  /** How many classes to show per photo. Default 5. */
  readonly top?: number;
  /** Where the human-readable text goes; a no-op in --json mode. */
  readonly print: (line: string) => void;
  /** Download progress of the weights and class names. */
  readonly onProgress?: (event: TransferProgress) => void;
}

/** What part 3 found for one photo. */
export interface ClassifiedImage {
  readonly image: string;
  /** The shape of the batch fed to the model, `[1, 224, 224, 3]`. */
  readonly inputShape: number[];
  /** The shape of `model.predict(x)`, `[1, 1000]`. */
  readonly predictionShape: number[];
  /** The argmax of the predictions and its score. */
  readonly mostActive: { readonly classIndex: number; readonly score: number };
  /** `decodePredictions(predictions, top)`, best first. */
  readonly top: ImageNetPrediction[];
}

/** A photo that could not be classified, and why. */
export interface FailedImage {
  readonly image: string;
  readonly error: { readonly name: string; readonly code: string; readonly message: string };
}

/** What part 3 produced, as plain data (the --json output). */
export interface ClassifyPartResult {
  readonly weights: string;
  readonly labels: string;
  readonly parameters: number;
  readonly images: (ClassifiedImage | FailedImage)[];
  /** How many photos could not be classified. */
  readonly failed: number;
}

const INPUT_SIZE = 224;

/**
 * Classifies one photo the way the course does: load at 224 x 224 as `load_img(path,
 * target_size=(224, 224))` loads it (stretched, nearest neighbour, as Pillow), batch, preprocess,
 * predict, decode.
 */
async function classifyPhoto(model: InferenceModel, image: string, classIndex: ImageNetClassIndex, top: number): Promise<ClassifiedImage> {
  const photo = await loadImage(image, { size: [INPUT_SIZE, INPUT_SIZE], interpolation: 'nearest', keepAspectRatio: false });
  let predictions: tf.Tensor2D | undefined;
  try {
    const inputShape = [1, INPUT_SIZE, INPUT_SIZE, 3];
    predictions = tf.tidy(() => model.predict(preprocessInput(tf.expandDims<tf.Tensor4D>(photo, 0))));
    const scores = (await predictions.data()) as Float32Array;
    const classIndexOfMax = scores.indexOf(Math.max(...scores));
    const [decoded = []] = decodePredictions(predictions, { top, classIndex });
    return {
      image,
      inputShape,
      predictionShape: [...predictions.shape],
      mostActive: { classIndex: classIndexOfMax, score: scores[classIndexOfMax] ?? Number.NaN },
      top: decoded,
    };
  } finally {
    photo.dispose();
    predictions?.dispose();
  }
}

/**
 * Course part 3: MobileNetV2 with ImageNet weights classifies photos. For each photo it shows the
 * shape of the prediction, the most active output neuron with its score, and the decoded top
 * classes. A photo that cannot be read is reported and the others go on.
 *
 * @throws AssetsUnavailableError when the weights or class names cannot be had, saying how to pass local copies
 */
export async function runClassify(options: ClassifyPartOptions): Promise<ClassifyPartResult> {
  const { images, print, onProgress } = options;
  const weights = options.weights ?? DEFAULT_WEIGHTS;
  const labels = options.labels ?? EMBEDDED_LABELS;
  const top = options.top ?? 5;

  print('Part 3 · Classifying images with MobileNetV2');
  print('');
  const { model, classIndex } = await loadImageNetAssets(weights, options.labels, onProgress);
  // The same network rewritten for inference (BatchNorm folded into the convolutions, bias and
  // ReLU6 fused): identical predictions, about four times faster than the layers model.
  let inference: InferenceModel | undefined;
  try {
    inference = optimizeForInference(model);
    const parameters = model.countParams();
    print(`The model: MobileNetV2(weights='${weights}'), Keras's architecture with ${parameters.toLocaleString('en-US')} parameters.`);
    print(describeWeights(weights));
    print(`The class names: ${labels} (${classIndex.length} classes).`);
    print('Each photo is loaded as the course loads it: load_img(path, target_size=(224, 224)), nearest neighbour.');

    const results: (ClassifiedImage | FailedImage)[] = [];
    for (const image of images) {
      print('');
      try {
        const classified = await classifyPhoto(inference, image, classIndex, top);
        formatClassification(classified).forEach((line) => {
          print(line);
        });
        results.push(classified);
      } catch (error) {
        if (!DendriteError.isInstance(error)) throw error;
        print(image);
        print(`  Error: ${forCommandLine(error.message)}`);
        results.push({ image, error: { name: error.name, code: error.code, message: error.message } });
      }
    }
    return { weights, labels, parameters, images: results, failed: results.filter((result) => 'error' in result).length };
  } finally {
    inference?.dispose();
    model.dispose();
  }
}

/** Part 3 as the course runs it: its result, or why it was skipped. */
export type CoursePart3Result = ClassifyPartResult | { readonly skipped: string };

/**
 * Part 3 within the course: classifies the course's photo of The Boef. When the photo or the
 * weights cannot be had, it says so, with how to supply them, and returns instead of failing, so
 * that the rest of the course goes on.
 *
 * @param options - the photo (undefined when it was not found) and the options of {@link runClassify}
 */
export async function runCoursePart3(
  options: Omit<ClassifyPartOptions, 'images'> & { readonly photo: string | undefined },
): Promise<CoursePart3Result> {
  const { photo, print, ...rest } = options;
  if (photo === undefined) {
    print('Part 3 · Classifying images with MobileNetV2');
    print(
      "Skipped: the course's photo boef.jpg is not in apps/tutorials/photos. Pass a photo: npm run tutorials -- course path/to/photo.jpg",
    );
    return { skipped: 'The course photo boef.jpg was not found.' };
  }
  try {
    const result = await runClassify({ ...rest, images: [photo], print });
    print('');
    print('The course reports class 155, Shih-Tzu, for The Boef.');
    return result;
  } catch (error) {
    if (!(error instanceof AssetsUnavailableError)) throw error;
    error.message.split('\n').forEach((line) => {
      print(line);
    });
    print('Part 3 is skipped; the rest of the course goes on.');
    return { skipped: error.message };
  }
}
