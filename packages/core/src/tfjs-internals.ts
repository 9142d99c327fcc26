import * as tf from '@tensorflow/tfjs-core';

// Every use of a TensorFlow.js API that is not public, in @dendrite/core, goes through this module.
// Each was read in the source of the version below and works there; a new TensorFlow.js version may
// rename or reshape any of them, so `tfjs-internals.test.ts` fails until they are checked again.
//
// 1. `engine().registry` and `engine().registryFactory`: the started backend instances and the
//    registered factories, to hand a backend made ahead of time to `setBackend` and to see whether
//    one is running without starting it (`tf.findBackend` starts it).
// 2. AdamOptimizer's fields `accumulatedFirstMoment`, `accumulatedSecondMoment`, `accBeta1`,
//    `accBeta2`, `learningRate`, `beta1`, `beta2`, `epsilon` and `incrementIterations()`: the flat
//    Adam keeps its moments in one tensor and hands them back to the optimizer.

/** The TensorFlow.js version the uses listed above were checked against. @internal */
export const checkedTfjsVersion = '4.22.0';

/** A registered backend factory and its priority. @internal */
export interface BackendRegistration {
  readonly factory: () => tf.KernelBackend | Promise<tf.KernelBackend>;
  readonly priority: number;
}

interface EngineRegistries {
  readonly registry: Record<string, tf.KernelBackend>;
  readonly registryFactory: Record<string, BackendRegistration>;
}

const registries = (): EngineRegistries => tf.engine() as unknown as EngineRegistries;

/**
 * The backend instance TensorFlow.js already started under `name`, without starting one.
 *
 * @internal
 */
export function startedBackend(name: string): tf.KernelBackend | undefined {
  const registry = registries().registry;
  return Object.hasOwn(registry, name) ? registry[name] : undefined;
}

/**
 * The factory registered under `name` (by importing a backend package), if any.
 *
 * @internal
 */
export function backendRegistration(name: string): BackendRegistration | undefined {
  const factories = registries().registryFactory;
  return Object.hasOwn(factories, name) ? factories[name] : undefined;
}

/** A moment variable of AdamOptimizer, as it keeps them. @internal */
export interface MomentSlot {
  originalName: string;
  variable: tf.Variable;
}

/** The fields of tfjs-core 4.x's AdamOptimizer that its `applyGradients` uses. @internal */
export interface AdamInternals {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
  accumulatedFirstMoment: Array<MomentSlot | undefined>;
  accumulatedSecondMoment: Array<MomentSlot | undefined>;
  incrementIterations(): void;
}

/**
 * The optimizer's Adam fields, or undefined when it is not an AdamOptimizer or they do not look as
 * expected (callers then take the public path).
 *
 * @internal
 */
export function asAdamInternals(optimizer: tf.Optimizer): AdamInternals | undefined {
  if (!(optimizer instanceof tf.AdamOptimizer)) return undefined;
  const adam = optimizer as unknown as Partial<AdamInternals>;
  const numbers = [adam.learningRate, adam.beta1, adam.beta2, adam.epsilon];
  if (!numbers.every((value) => typeof value === 'number' && Number.isFinite(value))) return undefined;
  if (!(adam.accBeta1 instanceof tf.Variable) || !(adam.accBeta2 instanceof tf.Variable)) return undefined;
  if (!Array.isArray(adam.accumulatedFirstMoment) || !Array.isArray(adam.accumulatedSecondMoment)) return undefined;
  if (typeof adam.incrementIterations !== 'function') return undefined;
  return adam as AdamInternals;
}
