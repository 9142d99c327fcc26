import type { FineTuningOptions } from '@dendrite/keras';

// The phases themselves live in @dendrite/keras (the web page runs them too).
export { prepareFineTuning, withAugmentation } from '@dendrite/keras';

/** The second phase of the TensorFlow tutorial as the course app runs it: from a layer index, for some epochs. */
export interface FineTuneOptions extends FineTuningOptions {
  /** The first layer of the model to train (100 in the tutorial). */
  readonly from: number;
  /** Epochs of the second phase (10 in the tutorial). */
  readonly epochs: number;
}
