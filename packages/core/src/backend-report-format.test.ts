import { describe, expect, it } from 'vitest';
import { formatBackendReport } from './backend-report-format.js';
import type { BackendReport } from './platform.js';

describe('formatBackendReport', () => {
  it('puts the selected backend first, then every other candidate in priority order', () => {
    const report: BackendReport = {
      selected: 'wasm',
      attempts: [
        { name: 'tensorflow-gpu', outcome: 'not-installed', reason: '@tensorflow/tfjs-node-gpu is not installed', milliseconds: 3.2 },
        { name: 'tensorflow', outcome: 'not-installed', reason: '@tensorflow/tfjs-node is not installed', milliseconds: 1.1 },
        { name: 'wasm', outcome: 'selected', reason: '2 threads, SIMD', milliseconds: 411.6 },
        { name: 'cpu', outcome: 'skipped', reason: 'not tried: wasm was selected first', milliseconds: 0 },
      ],
    };
    expect(formatBackendReport(report)).toBe(
      'Backend: wasm (2 threads, SIMD, 412 ms) · tensorflow-gpu: not installed · tensorflow: not installed · cpu: skipped',
    );
  });

  it('says why a backend failed, on one line and shortened when long', () => {
    const report: BackendReport = {
      selected: 'cpu',
      attempts: [
        { name: 'tensorflow', outcome: 'failed', reason: 'libtensorflow.so.2:\n  cannot open shared object file', milliseconds: 40 },
        { name: 'wasm', outcome: 'failed', reason: 'x'.repeat(150), milliseconds: 7 },
        { name: 'cpu', outcome: 'selected', reason: 'plain JavaScript', milliseconds: 2 },
      ],
    };
    expect(formatBackendReport(report)).toBe(
      'Backend: cpu (plain JavaScript, 2 ms) · ' +
        'tensorflow: failed (libtensorflow.so.2: cannot open shared object file) · ' +
        `wasm: failed (${'x'.repeat(99)}…)`,
    );
  });

  it('shows only the time when the selected backend has no reason, and names an available one', () => {
    const report: BackendReport = {
      selected: 'webgl',
      attempts: [
        { name: 'webgl', outcome: 'selected', reason: '', milliseconds: 0.4 },
        { name: 'wasm', outcome: 'available', reason: 'works', milliseconds: 5 },
        { name: 'cpu', outcome: 'failed', reason: '', milliseconds: 1 },
      ],
    };
    expect(formatBackendReport(report)).toBe('Backend: webgl (0 ms) · wasm: available · cpu: failed');
  });

  it('still names the backend when no attempt is marked selected', () => {
    expect(formatBackendReport({ selected: 'cpu', attempts: [] })).toBe('Backend: cpu');
  });
});
