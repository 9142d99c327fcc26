import { availableParallelism, cpus } from 'node:os';

/**
 * How busy the machine's CPUs were over a short window, measured from the kernel's per-core idle
 * times (Linux, macOS and Windows alike), while this process sleeps.
 *
 * @internal
 */
export interface CpuLoad {
  /** Logical cores Node may use. */
  readonly cores: number;
  /** Cores' worth of busy time during the window (0 on an idle machine); this process sleeps meanwhile, so it is other work. */
  readonly busyCores: number;
}

/** The window the CPUs are watched over: long enough to see a steady load, short beside a backend's start. */
const WINDOW_MS = 100;

/** A measure is reused this long by default, so that a backend and an engine chosen together share it. */
const REUSE_MS = 5_000;

function idleAndTotal(): { idle: number; total: number } {
  let idle = 0;
  let total = 0;
  for (const { times } of cpus()) {
    idle += times.idle;
    total += times.user + times.nice + times.sys + times.irq + times.idle;
  }
  return { idle, total };
}

let last: { at: number; load: Promise<CpuLoad> } | undefined;

/**
 * Measures how many cores other processes keep busy right now, over about 100 ms (a measure taken
 * in the last few seconds is reused). Unlike the load average, which follows a change over a
 * minute, it sees a load that started a moment ago.
 *
 * @param windowMs - how long to watch
 * @param reuseMs - how old a measure may be and still be reused
 * @returns the cores and how many of them were busy
 * @internal
 * @example
 * ```ts
 * const { cores, busyCores } = await measureCpuLoad();
 * console.log(`${(cores - busyCores).toFixed(1)} of ${cores} cores free`);
 * ```
 */
export function measureCpuLoad(windowMs = WINDOW_MS, reuseMs = REUSE_MS): Promise<CpuLoad> {
  const now = Date.now();
  if (last !== undefined && now - last.at < reuseMs) return last.load;
  const load = new Promise<CpuLoad>((resolve) => {
    const before = idleAndTotal();
    setTimeout(() => {
      const after = idleAndTotal();
      const cores = availableParallelism();
      const total = after.total - before.total;
      const busyShare = total > 0 ? 1 - (after.idle - before.idle) / total : 0;
      resolve({ cores, busyCores: Math.max(0, Math.min(cores, busyShare * cpus().length)) });
    }, windowMs);
  });
  last = { at: now, load };
  return load;
}

/**
 * Threads for a compute pool, and why fewer than the cores when the load made it so.
 *
 * @internal
 */
export interface ThreadChoice {
  /** Threads to start. */
  readonly count: number;
  /** Words for the backend report when the load took threads away, such as `'1.9 of 2 cores busy with other work at start'`. */
  readonly why?: string;
}

/**
 * Threads for a compute pool that waits for all its threads at every operation (the wasm build's
 * pthreadpool): one per core that other processes leave free, at least 1 and at most `limit`. A
 * thread on a core another process needs gets descheduled, and the whole pool then waits for it
 * at each barrier: with other work keeping both cores of a 2-core machine busy, 2 wasm threads
 * made the course's basic fit 2.5 to 5 times slower than 1 thread under the same load.
 *
 * @param load - the machine's load, from {@link measureCpuLoad}
 * @param limit - the most threads the pool takes
 * @returns the thread count, and why when it is below the cores (and the limit)
 * @internal
 * @example
 * ```ts
 * threadsForLoad({ cores: 2, busyCores: 0.1 }, 8); // { count: 2 }
 * threadsForLoad({ cores: 2, busyCores: 1.9 }, 8); // { count: 1, why: '1.9 of 2 cores busy with other work at start' }
 * ```
 */
export function threadsForLoad(load: CpuLoad, limit: number): ThreadChoice {
  const most = Math.min(load.cores, limit);
  const count = Math.max(1, Math.min(Math.round(load.cores - load.busyCores), most));
  if (count >= most) return { count };
  return { count, why: `${load.busyCores.toFixed(1)} of ${load.cores} cores busy with other work at start` };
}
