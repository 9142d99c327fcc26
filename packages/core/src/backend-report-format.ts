import type { BackendAttempt, BackendOutcome, BackendReport } from './platform.js';

const separator = ' · ';
const longestFailure = 100;

const outcomeWords: Record<BackendOutcome, string> = {
  selected: 'selected',
  available: 'available',
  'not-installed': 'not installed',
  failed: 'failed',
  skipped: 'skipped',
};

/**
 * Writes a backend selection report as one line: the active backend with its details and time,
 * then every other candidate in priority order with its outcome (and, for a failure, why).
 *
 * @param report - what backend selection returned
 * @returns one line of text, without a line break
 * @category Platform
 * @example
 * ```ts
 * formatBackendReport({
 *   selected: 'wasm',
 *   attempts: [
 *     { name: 'tensorflow', outcome: 'not-installed', reason: '@tensorflow/tfjs-node is not installed', milliseconds: 2 },
 *     { name: 'wasm', outcome: 'selected', reason: '2 threads, SIMD', milliseconds: 412 },
 *     { name: 'cpu', outcome: 'skipped', reason: 'not tried', milliseconds: 0 },
 *   ],
 * });
 * // 'Backend: wasm (2 threads, SIMD, 412 ms) · tensorflow: not installed · cpu: skipped'
 * ```
 */
export function formatBackendReport(report: BackendReport): string {
  const chosen = report.attempts.find((attempt) => attempt.outcome === 'selected' && attempt.name === report.selected);
  const details = chosen === undefined ? [] : [oneLine(chosen.reason), `${Math.round(chosen.milliseconds)} ms`];
  const head = `Backend: ${report.selected}${details.length > 0 ? ` (${details.filter(Boolean).join(', ')})` : ''}`;
  const others = report.attempts.filter((attempt) => attempt !== chosen).map(formatOther);
  const engine = report.engine === undefined ? [] : [`Engine: ${report.engine.name} (${oneLine(report.engine.reason)})`];
  return [head, ...others, ...engine].join(separator);
}

function formatOther(attempt: BackendAttempt): string {
  const words = `${attempt.name}: ${outcomeWords[attempt.outcome]}`;
  if (attempt.outcome !== 'failed') return words;
  const reason = oneLine(attempt.reason);
  if (reason === '') return words;
  const shown = reason.length > longestFailure ? `${reason.slice(0, longestFailure - 1)}…` : reason;
  return `${words} (${shown})`;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
