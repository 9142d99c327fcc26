import { type InferencePlan, setInferencePlanner } from '@dendrite/core/internal';
import type { Tensor, Tensor4D } from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { optimizeForInference } from './optimize-for-inference.js';
import { UnsupportedLayerError } from './unsupported-layer-error.js';

/**
 * Runs a frozen part of a model through {@link optimizeForInference} (on ONNX Runtime where the
 * platform has it), or says it cannot (a layer the rewrite does not support): core's `fit` then
 * runs the part's layers.
 */
function planFrozenPart(part: LayersModel, batchSize: number): InferencePlan | undefined {
  // The rewrite plans one image in, one tensor out; a cut through a residual block (fine-tuning
  // from layer 100 of MobileNetV2) hands over two tensors, which fit then computes with the layers.
  if (part.inputs.length !== 1 || part.outputs.length !== 1) return undefined;
  try {
    const fast = optimizeForInference(part, { batchSize });
    return {
      predict: (x) => fast.predict(x as Tensor4D),
      // ONNX Runtime (in Node, when installed) answers asynchronously, and faster: fit awaits it.
      ...(fast.engine === 'onnxruntime' ? { run: (x: Tensor) => fast.run(x as Tensor4D) } : {}),
      dispose: () => fast.dispose(),
    };
  } catch (error) {
    if (error instanceof UnsupportedLayerError) return undefined;
    throw error;
  }
}

/**
 * Lets core's `fit` run the frozen base of `model` (and of any model built on its input, such as
 * the course's Keras way written step by step) through the inference rewrite: a frozen base is in
 * inference mode by definition, and the rewrite runs it about four times faster.
 *
 * @internal
 */
export function runFrozenPartsOptimized(model: LayersModel): void {
  setInferencePlanner(model, planFrozenPart);
}
