import { createRequire } from 'node:module';
import { version_core } from '@tensorflow/tfjs-core';
import { version_wasm } from '@tensorflow/tfjs-backend-wasm';
import { describe, expect, it } from 'vitest';
import { checkedTfjsVersion, threadedWasmFiles, threadedWasmWorkerSource } from './tfjs-internals.js';

const advice = (name: string, version: string): string =>
  `${name} is ${version}, but packages/node/src/tfjs-internals.ts was checked against ${checkedTfjsVersion}: ` +
  "read each use listed there in the new version's source, then update checkedTfjsVersion";

describe('the TensorFlow.js internals @dendrite/node uses', () => {
  it('were checked against the installed TensorFlow.js versions', () => {
    expect(version_core, advice('@tensorflow/tfjs-core', version_core)).toBe(checkedTfjsVersion);
    expect(version_wasm, advice('@tensorflow/tfjs-backend-wasm', version_wasm)).toBe(checkedTfjsVersion);
  });

  it("still find the wasm package's threaded build files and worker script", () => {
    const require = createRequire(import.meta.url);
    expect(require.resolve(threadedWasmFiles.glue)).toMatch(/threaded-simd\.js$/);
    expect(threadedWasmWorkerSource(require)).toContain('onmessage');
  });
});
