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
