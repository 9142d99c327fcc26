import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import { hasContainerRefs, releaseWithContainer } from './tfjs-internals.js';

describe('the tfjs-layers internals @dendrite/keras uses', () => {
  it('a Sequential still has internalContainerRefs', () => {
    const model = tfl.sequential({ layers: [tfl.layers.dense({ units: 1, inputShape: [1] })] });
    expect(hasContainerRefs(model)).toBe(true);
    model.dispose();
  });

  it('a model nested after the first layer of a Sequential is freed with it once registered', () => {
    const before = tf.memory().numTensors;
    const inner = tfl.sequential({ layers: [tfl.layers.dense({ units: 2, inputShape: [2] })] });
    const outer = tfl.sequential({ layers: [tfl.layers.dense({ units: 2, inputShape: [2] })] });
    outer.add(inner);
    releaseWithContainer(outer, inner);
    outer.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
