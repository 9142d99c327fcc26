/** The part of onnxruntime-node's API the tests use: it is an optional peer, absent from a plain install. */
export interface OnnxRuntimeForTests {
  readonly Tensor: new (type: 'float32', data: Float32Array, dims: readonly number[]) => unknown;
  readonly InferenceSession: {
    create(model: Uint8Array): Promise<{
      run(feeds: Record<string, unknown>): Promise<Record<string, { readonly data: unknown; readonly dims: readonly number[] }>>;
      release(): Promise<void>;
    }>;
  };
}

/** onnxruntime-node when installed (CI installs it), else undefined. */
export async function importOnnxRuntime(): Promise<OnnxRuntimeForTests | undefined> {
  const specifier: string = 'onnxruntime-node';
  try {
    const module = (await import(specifier)) as OnnxRuntimeForTests & { default?: OnnxRuntimeForTests };
    return module.InferenceSession === undefined ? module.default : module;
  } catch {
    return undefined;
  }
}
