/**
 * A float tensor as plain data, the form in which tensors cross to an inference engine outside
 * TensorFlow.js.
 *
 * @category Platform
 * @example
 * ```ts
 * const batch: EngineTensor = { data: new Float32Array(224 * 224 * 3), shape: [1, 224, 224, 3] };
 * ```
 */
export interface EngineTensor {
  /** The values, row-major. */
  readonly data: Float32Array;
  /** The sizes of each axis, batch first. */
  readonly shape: readonly number[];
}

/**
 * A model loaded by an {@link InferenceEngine}: one input, one output.
 *
 * @category Platform
 * @example
 * ```ts
 * const session: EngineSession = await engine.load(onnxBytes);
 * const scores = await session.run({ data: pixels, shape: [1, 224, 224, 3] });
 * await session.release();
 * ```
 */
export interface EngineSession {
  /**
   * Runs the model on one batch.
   *
   * @param input - the model's input, such as `[n, 224, 224, 3]` preprocessed images
   * @returns the model's output
   */
  run(input: EngineTensor): Promise<EngineTensor>;
  /** Frees the engine's copy of the model. */
  release(): Promise<void>;
}

/**
 * An inference engine other than TensorFlow.js that a platform offers for optimised models, such as
 * ONNX Runtime in Node. The platform-neutral packages hand it an ONNX graph and never import the
 * engine itself.
 *
 * @category Platform
 * @example
 * ```ts
 * const engine = getPlatform().inferenceEngine;
 * if (engine !== undefined) {
 *   const session = await engine.load(exportOnnx(model));
 *   const { data, shape } = await session.run({ data: pixels, shape: [1, 224, 224, 3] });
 *   await session.release();
 * }
 * ```
 */
export interface InferenceEngine {
  /** The engine's name as reports and `InferenceModel.engine` give it, such as `'onnxruntime'`. */
  readonly name: string;
  /**
   * Loads a model.
   *
   * @param onnx - the bytes of an ONNX file whose input is named `input` and output `output`
   * @returns the loaded model
   */
  load(onnx: Uint8Array): Promise<EngineSession>;
}
