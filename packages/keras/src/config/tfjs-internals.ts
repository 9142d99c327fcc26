import type * as tfl from '@tensorflow/tfjs-layers';

// The one place @dendrite/keras reaches into TensorFlow.js's non-public API (tfjs-layers 4.22);
// tfjs-internals.test.ts fails when an upgrade changes it.

interface ContainerInternals {
  internalContainerRefs: tfl.LayersModel[];
}

/**
 * Makes `outer.dispose()` free a model nested inside a Sequential. tfjs counts each symbolic call
 * of a layer as a reference; a functional model releases the models it calls through
 * `internalContainerRefs`, but a Sequential leaves that list empty, so a nested model called by
 * `Sequential.add` would keep its weights after the outer model is disposed.
 *
 * @internal
 */
export function releaseWithContainer(outer: tfl.Sequential, inner: tfl.LayersModel): void {
  (outer as unknown as ContainerInternals).internalContainerRefs.push(inner);
}

/** Whether this tfjs-layers still has the field {@link releaseWithContainer} relies on. @internal */
export function hasContainerRefs(model: tfl.LayersModel): boolean {
  return Array.isArray((model as unknown as Partial<ContainerInternals>).internalContainerRefs);
}
