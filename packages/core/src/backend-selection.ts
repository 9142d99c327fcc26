import { BackendUnavailableError, InvalidArgumentError } from './errors.js';
import { host } from './host-globals.js';
import type { BackendAttempt, BackendReport } from './platform.js';
import { verifyActiveBackend } from './backend-activation.js';

/**
 * What starting a candidate gave: its package is absent, or the backend is now active (with words
 * for the report, such as "2 threads, SIMD"). A start that throws counts as failed.
 *
 * @internal
 */
export type CandidateStart = { readonly installed: false; readonly reason: string } | { readonly installed: true; readonly reason: string };

/**
 * One backend a platform offers to {@link selectBackend}: a row of its table.
 *
 * @internal
 */
export interface BackendCandidate {
  /** The name in reports and preferences. */
  readonly name: string;
  /** Imports its package and makes it the active TensorFlow.js backend (see `activateBackend`). */
  readonly start: () => Promise<CandidateStart>;
  /** What a user does to make it available, for the error when it was asked for and failed. */
  readonly fix: string;
}

/**
 * One selection: the candidates in the order to try, and what was asked for.
 *
 * @internal
 */
export interface BackendSelection {
  /** The candidates, fastest first. */
  readonly candidates: readonly BackendCandidate[];
  /** Use exactly this candidate, failing if it cannot start. */
  readonly requested?: string | undefined;
  /** Words for a candidate not tried because `selected` started first. Default: "<selected> was selected first". */
  readonly skippedReason?: (candidate: string, selected: string) => string;
  /** What to do when no candidate starts. */
  readonly noneFix: string;
}

// Selections run one after another, as onnxruntime-web shares one in-flight initialisation: two at
// once would race to start the same backends.
let inFlight: Promise<unknown> = Promise.resolve();

/**
 * Tries the candidates in order until one starts and computes correctly (a tiny convolution and matrix
 * product), leaving it active, and reports every candidate with its outcome, the reason and the time.
 * Those after the selected one are skipped without loading. The one mechanism both platforms feed
 * their candidate tables to.
 *
 * @param selection - the candidates, the one asked for, and the words for failures
 * @returns the selected candidate and every attempt, in order
 * @throws InvalidArgumentError when `requested` is not a candidate's name
 * @throws BackendUnavailableError when the requested candidate (or, without one, every candidate)
 *   cannot start
 * @internal
 * @example
 * ```ts
 * const report = await selectBackend({
 *   candidates: [{ name: 'cpu', start: startCpu, fix: 'Reinstall the package.' }],
 *   noneFix: 'Reinstall the package.',
 * });
 * ```
 */
export function selectBackend(selection: BackendSelection): Promise<BackendReport> {
  const names = selection.candidates.map((candidate) => candidate.name);
  if (selection.requested !== undefined && !names.includes(selection.requested)) {
    return Promise.reject(
      new InvalidArgumentError(
        'backend',
        `'${selection.requested}' is not one of the backends here`,
        `Use one of ${names.map((name) => `'${name}'`).join(', ')}, or leave it out to use the fastest that works.`,
      ),
    );
  }
  const run = inFlight.then(() => select(selection));
  inFlight = run.catch(() => undefined);
  return run;
}

async function select(selection: BackendSelection): Promise<BackendReport> {
  const { requested } = selection;
  const attempts: BackendAttempt[] = [];
  let selected: BackendCandidate | undefined;
  for (const candidate of selection.candidates) {
    if (selected !== undefined) {
      const reason = selection.skippedReason?.(candidate.name, selected.name) ?? `not tried: ${selected.name} was selected first`;
      attempts.push({ name: candidate.name, outcome: 'skipped', reason, milliseconds: 0 });
      continue;
    }
    if (requested !== undefined && candidate.name !== requested) {
      attempts.push({ name: candidate.name, outcome: 'skipped', reason: `not tried: '${requested}' was asked for`, milliseconds: 0 });
      continue;
    }
    const attempt = await tryCandidate(candidate);
    attempts.push(attempt);
    if (attempt.outcome === 'selected') selected = candidate;
    else if (requested !== undefined) throw new BackendUnavailableError(requested, attempt.reason, candidate.fix);
  }
  if (selected === undefined) {
    const tried = attempts.filter((attempt) => attempt.outcome !== 'skipped');
    const reason = `no backend could start (${tried.map((attempt) => `${attempt.name}: ${attempt.reason}`).join('; ')})`;
    throw new BackendUnavailableError(selection.candidates.map((candidate) => candidate.name).join(', '), reason, selection.noneFix);
  }
  return { selected: selected.name, attempts };
}

async function tryCandidate(candidate: BackendCandidate): Promise<BackendAttempt> {
  const started = host.performance.now();
  const elapsed = (): number => Math.round((host.performance.now() - started) * 10) / 10;
  try {
    const start = await candidate.start();
    if (!start.installed) return { name: candidate.name, outcome: 'not-installed', reason: start.reason, milliseconds: elapsed() };
    await verifyActiveBackend();
    return { name: candidate.name, outcome: 'selected', reason: start.reason, milliseconds: elapsed() };
  } catch (error) {
    return { name: candidate.name, outcome: 'failed', reason: messageOf(error), milliseconds: elapsed() };
  }
}

function messageOf(error: unknown): string {
  if (error instanceof Error) return (error.message === '' ? error.name : error.message).trim().replace(/\.$/, '');
  const message = (error as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? message : String(error);
}
