import type { ConvGeometry, Pads } from './conv-padding.js';
import type { SymbolicShape } from './layer-graph.js';

/** Activations a convolution or matrix product applies for free (a clamp of its output). @internal */
export type FusedActivation = 'linear' | 'relu' | 'relu6';

/** Activations run as their own operation. `'clip'` is ReLU capped at `maxValue`. @internal */
export type StandaloneActivation = 'relu' | 'relu6' | 'clip' | 'sigmoid' | 'softmax' | 'tanh' | 'elu' | 'selu' | 'softplus' | 'softsign';

interface StepBase {
  /** Ids of the values read. */
  inputs: number[];
  /** Id of the value written. */
  output: number;
  /** Names of the Keras layers this step does the work of, first to last. */
  layers: string[];
}

/** A Conv2D or DepthwiseConv2D with batch norm folded in, its bias, activation and zero padding. @internal */
export interface ConvStep extends StepBase {
  kind: 'conv';
  depthwise: boolean;
  kernel: Float32Array;
  kernelShape: [number, number, number, number];
  bias: Float32Array | undefined;
  geometry: ConvGeometry;
  /** Input size before any padding. */
  rows: number;
  cols: number;
  pads: Pads;
  activation: FusedActivation;
}

/** A Dense layer on the last axis, with batch norm folded in and its activation. @internal */
export interface DenseStep extends StepBase {
  kind: 'dense';
  kernel: Float32Array;
  kernelShape: [number, number];
  bias: Float32Array | undefined;
  activation: FusedActivation;
}

/** Zero padding of rows and columns. @internal */
export interface PadStep extends StepBase {
  kind: 'pad';
  rows: number;
  cols: number;
  pads: Pads;
}

/** Batch normalization that could not be folded: `x * scale + shift` per channel. @internal */
export interface AffineStep extends StepBase {
  kind: 'affine';
  scale: Float32Array;
  shift: Float32Array;
}

/** An activation on its own. @internal */
export interface ActivationStep extends StepBase {
  kind: 'activation';
  activation: StandaloneActivation;
  /** The cap of `'clip'`. */
  maxValue: number;
}

/** The sum of several values of the same shape. @internal */
export interface AddStep extends StepBase {
  kind: 'add';
}

/** Global average or max pooling over rows and columns. @internal */
export interface PoolStep extends StepBase {
  kind: 'pool';
  mode: 'avg' | 'max';
}

/** One operation of an inference plan. @internal */
export type InferenceStep = ConvStep | DenseStep | PadStep | AffineStep | ActivationStep | AddStep | PoolStep;

/** Which rewrites {@link planInference} applies; each on by default. @internal */
export interface PlanOptions {
  readonly foldBatchNorm?: boolean;
  readonly fuseActivations?: boolean;
  readonly foldPadding?: boolean;
}

/** A model rewritten as a list of operations on numbered values, weights as plain arrays. @internal */
export interface InferencePlan {
  readonly input: number;
  readonly inputShape: SymbolicShape;
  readonly output: number;
  readonly outputShape: SymbolicShape;
  readonly steps: readonly InferenceStep[];
}
