import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { measureCpuLoad, threadsForLoad } from './cpu-load.js';

describe('threadsForLoad', () => {
  it('takes a thread per core other processes leave free, at least one and at most the limit, and says why when fewer', () => {
    expect(threadsForLoad({ cores: 2, busyCores: 0.1 }, 8)).toEqual({ count: 2 });
    expect(threadsForLoad({ cores: 2, busyCores: 1.0 }, 8)).toEqual({ count: 1, why: '1.0 of 2 cores busy with other work at start' });
    // The course's competing 2-thread load on a 2-core machine.
    expect(threadsForLoad({ cores: 2, busyCores: 2 }, 8)).toEqual({ count: 1, why: '2.0 of 2 cores busy with other work at start' });
    // The limit, not the load, keeps it at 8.
    expect(threadsForLoad({ cores: 16, busyCores: 3.2 }, 8)).toEqual({ count: 8 });
    expect(threadsForLoad({ cores: 16, busyCores: 12.4 }, 8)).toEqual({ count: 4, why: '12.4 of 16 cores busy with other work at start' });
  });
});

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
