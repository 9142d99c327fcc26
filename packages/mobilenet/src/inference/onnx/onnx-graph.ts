/** ONNX's tensor element types that the exporter writes (`TensorProto.DataType`). @internal */
export const OnnxDataType = { float: 1, int64: 7 } as const;

/** A constant tensor of the graph: a weight, or a shape or padding argument. @internal */
export interface OnnxInitializer {
  readonly name: string;
  readonly dims: readonly number[];
  readonly data: Float32Array | BigInt64Array;
}

/** A node attribute: one int, a list of ints, or one float. @internal */
export type OnnxAttributeValue = number | readonly number[] | { readonly float: number };

/** One operator call. @internal */
export interface OnnxNode {
  readonly opType: string;
  readonly name: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly attributes?: Readonly<Record<string, OnnxAttributeValue>>;
}

/** A graph input or output: a float tensor whose first dimension is the batch. @internal */
export interface OnnxValueInfo {
  readonly name: string;
  /** Sizes after the batch dimension. */
  readonly shape: readonly number[];
}

/** A whole ONNX model in the subset the exporter writes. @internal */
export interface OnnxGraph {
  readonly name: string;
  readonly opsetVersion: number;
  readonly producerVersion: string;
  readonly nodes: readonly OnnxNode[];
  readonly initializers: readonly OnnxInitializer[];
  readonly input: OnnxValueInfo;
  readonly output: OnnxValueInfo;
}
