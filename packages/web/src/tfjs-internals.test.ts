import { version_core } from '@tensorflow/tfjs-core';
import { version_webgl } from '@tensorflow/tfjs-backend-webgl';
import { describe, expect, it } from 'vitest';
import { checkedTfjsVersion } from './tfjs-internals.js';

const advice = (name: string, version: string): string =>
  `${name} is ${version}, but packages/web/src/tfjs-internals.ts was checked against ${checkedTfjsVersion}: ` +
  "read each use listed there in the new version's source, then update checkedTfjsVersion";

describe('the TensorFlow.js internals @dendrite/web uses', () => {
  it('were checked against the installed TensorFlow.js versions', () => {
    expect(version_core, advice('@tensorflow/tfjs-core', version_core)).toBe(checkedTfjsVersion);
    expect(version_webgl, advice('@tensorflow/tfjs-backend-webgl', version_webgl)).toBe(checkedTfjsVersion);
  });
});
