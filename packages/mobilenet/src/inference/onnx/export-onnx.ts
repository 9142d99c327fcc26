import type { LayersModel } from '@tensorflow/tfjs-layers';
import { planImageModel } from '../image-model-plan.js';
import type { OptimizeForInferenceOptions } from '../inference-model.js';
import { encodeOnnxModel } from './encode-onnx-model.js';
import { planToOnnx } from './plan-to-onnx.js';

/** The version recorded as the file's producer. Kept in step with package.json by a test. @internal */
export const exporterVersion = '0.1.0';

/**
 * Options of {@link exportOnnx}: the same rewrites as {@link optimizeForInference}, each on by default.
 *
 * @category Models
 * @example
 * ```ts
 * const options: ExportOnnxOptions = { foldPadding: false };
 * const onnx = exportOnnx(model, options);
 * ```
 */
export type ExportOnnxOptions = Pick<OptimizeForInferenceOptions, 'foldBatchNorm' | 'fuseActivations' | 'foldPadding'>;

/**
 * Writes a model as an ONNX file (opset 13), rewritten as {@link optimizeForInference} rewrites it:
 * BatchNormalization folded into the convolutions, ReLU and ReLU6 fused, zero padding folded into
 * the next convolution. The file takes the same channels-last input as the model,
 * `[batch, rows, cols, channels]` with any batch size, under the name `input`, and gives the model's
 * output under the name `output`; it predicts what the model predicts, up to float rounding.
 *
 * Use it to serve a Dendrite model from ONNX Runtime anywhere (Python, C#, Java, Triton), or in
 * Node with `onnxruntime-node`. It accepts every model {@link optimizeForInference} accepts.
 *
 * @param model - a single-input image model with a fixed input size, such as `await MobileNetV2()`
 * @param options - rewrites to turn off, for comparison
 * @returns the bytes of the `.onnx` file
 * @throws {@link UnsupportedLayerError} on a layer kind or setting it does not handle
 * @throws InvalidArgumentError when the model has no fixed image input size
 * @category Models
 * @example
 * ```ts
 * import { writeFile } from 'node:fs/promises';
 * import * as ort from 'onnxruntime-node';
 *
 * await writeFile('mobilenet_v2.onnx', exportOnnx(await MobileNetV2()));
 * const session = await ort.InferenceSession.create('mobilenet_v2.onnx');
 * const pixels = new ort.Tensor('float32', new Float32Array(224 * 224 * 3), [1, 224, 224, 3]);
 * const { output } = await session.run({ input: pixels }); // [1, 1000] ImageNet scores
 * ```
 */
export function exportOnnx(model: LayersModel, options: ExportOnnxOptions = {}): Uint8Array {
  const { plan } = planImageModel(model, options);
  return encodeOnnxModel(planToOnnx(plan, model.name, exporterVersion));
}
