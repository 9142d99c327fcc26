import type { GraphNode } from './layer-graph.js';
import { UnsupportedLayerError } from './unsupported-layer-error.js';

/** A weight's values (a copy) and shape. @internal */
export interface WeightValues {
  readonly values: Float32Array;
  readonly shape: readonly number[];
}

/** The error for a layer this cannot rewrite, and why. @internal */
export function unsupportedLayer(node: GraphNode, reason: string): UnsupportedLayerError {
  return new UnsupportedLayerError(node.layer.name, node.className, reason);
}

function configOf(node: GraphNode): Record<string, unknown> {
  return node.layer.getConfig() as Record<string, unknown>;
}

/**
 * Reads a `[rows, columns]` setting, which Keras also accepts as one number for both.
 *
 * @internal
 */
export function pairSetting(node: GraphNode, key: string): [number, number] {
  const value = configOf(node)[key];
  if (typeof value === 'number') return [value, value];
  if (Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'number'))
    return [value[0] as number, value[1] as number];
  throw unsupportedLayer(node, `its ${key} ${JSON.stringify(value)} is not two numbers`);
}

/**
 * Reads a string setting that must be one of `allowed`.
 *
 * @internal
 */
export function choiceSetting<T extends string>(node: GraphNode, key: string, allowed: readonly T[], fallback?: T): T {
  const value = configOf(node)[key] ?? fallback;
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  throw unsupportedLayer(node, `its ${key} ${JSON.stringify(value)} is not one of ${allowed.map((a) => `'${a}'`).join(', ')}`);
}

/**
 * Reads a number setting, or undefined when it is absent or null.
 *
 * @internal
 */
export function numberSetting(node: GraphNode, key: string): number | undefined {
  const value = configOf(node)[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number') return value;
  throw unsupportedLayer(node, `its ${key} ${JSON.stringify(value)} is not a number`);
}

/**
 * Reads a boolean setting, with a default when it is absent.
 *
 * @internal
 */
export function booleanSetting(node: GraphNode, key: string, fallback: boolean): boolean {
  const value = configOf(node)[key] ?? fallback;
  if (typeof value === 'boolean') return value;
  throw unsupportedLayer(node, `its ${key} ${JSON.stringify(value)} is not true or false`);
}

/**
 * Reads the raw setting, for layouts such as ZeroPadding2D's padding.
 *
 * @internal
 */
export function rawSetting(node: GraphNode, key: string): unknown {
  return configOf(node)[key];
}

/**
 * Copies a layer's weights by their short name (`'kernel'`, `'gamma'`, `'moving_mean'`, ...).
 *
 * @internal
 * @param node - the layer call
 * @returns the weights by short name
 */
export function layerWeights(node: GraphNode): Map<string, WeightValues> {
  const weights = new Map<string, WeightValues>();
  for (const variable of node.layer.weights) {
    const name = variable.originalName.slice(variable.originalName.lastIndexOf('/') + 1);
    const tensor = variable.read();
    if (tensor.dtype !== 'float32') throw unsupportedLayer(node, `its weight '${name}' is ${tensor.dtype}, not float32`);
    weights.set(name, { values: Float32Array.from(tensor.dataSync() as Float32Array), shape: tensor.shape });
  }
  return weights;
}

/**
 * Gets one weight of a layer, failing clearly when it is missing.
 *
 * @internal
 */
export function requireWeight(node: GraphNode, weights: Map<string, WeightValues>, name: string): WeightValues {
  const weight = weights.get(name);
  if (weight === undefined) throw unsupportedLayer(node, `it has no weight named '${name}'`);
  return weight;
}

/**
 * The static `[rows, cols, channels]` of a rank-4 channels-last input.
 *
 * @internal
 */
export function imageSize(node: GraphNode, shape: readonly (number | null)[] | undefined): [number, number, number] {
  const [, rows, cols, channels] = shape ?? [];
  if (shape?.length !== 4 || typeof rows !== 'number' || typeof cols !== 'number' || typeof channels !== 'number') {
    throw unsupportedLayer(node, `its input shape ${JSON.stringify(shape)} is not a fixed [batch, rows, cols, channels]`);
  }
  return [rows, cols, channels];
}
