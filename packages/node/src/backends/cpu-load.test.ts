import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { measureCpuLoad } from './cpu-load.js';

describe('measureCpuLoad', () => {
  it('reports the cores and a busy share within them, and reuses a fresh measure', async () => {
    const first = measureCpuLoad(20);
    const load = await first;
    expect(load.cores).toBe(availableParallelism());
    expect(load.busyCores).toBeGreaterThanOrEqual(0);
    expect(load.busyCores).toBeLessThanOrEqual(load.cores);
    expect(measureCpuLoad(20)).toBe(first);
  });

  it('sees a busy loop in this process as a busy core', async () => {
    const measuring = measureCpuLoad(200, 0);
    const end = Date.now() + 150;
    while (Date.now() < end) {
      /* keep one core busy */
    }
    expect((await measuring).busyCores).toBeGreaterThan(0.5);
  });
});
