import type { FitFailure, FitJob } from './types.js';

/** `errorClass` of a fit stopped (or found) past its job's `fitTimeout`. */
export const FIT_TIMEOUT_ERROR = 'FitTimeoutError';

/**
 * Checks a `fitTimeout` option (seconds): undefined, or a finite number > 0.
 * Returns an error message naming `where`, or undefined when it is valid.
 */
export function fitTimeoutProblem(value: unknown, where: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    return `${where}: expected a number of seconds > 0 (e.g. 60), got ${JSON.stringify(value) ?? String(value)}`;
  }
  return undefined;
}

/**
 * The failure recorded for a job that ran past its `fitTimeout`: `stopped` when an
 * executor terminated the running fit (pool thread, cluster worker thread), otherwise
 * it finished late and its scores are discarded (checked between fit and score).
 * A model failure (cause 'model'), never retried: it is scored with errorScore.
 */
export function fitTimeoutFailure(job: FitJob, elapsedSeconds: number, how: string, worker?: string): FitFailure {
  const limit = job.fitTimeout ?? 0;
  return {
    ok: false,
    key: job.key,
    candidateIndex: job.candidateIndex,
    splitIndex: job.splitIndex,
    errorClass: FIT_TIMEOUT_ERROR,
    message: `fit exceeded fitTimeout (${limit} s) after ${elapsedSeconds.toFixed(2)} s: ${how}`,
    cause: 'model',
    fitTime: elapsedSeconds,
    scoreTime: 0,
    ...(worker !== undefined ? { worker } : {}),
  };
}
