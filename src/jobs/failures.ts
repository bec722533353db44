import type { FitFailure, FitJob } from './types.js';

/**
 * A FitFailure with cause 'infrastructure' for `job`: the machinery lost it (a thread or
 * worker died, its batch failed every attempt), as opposed to a fit that threw.
 */
export function infrastructureFailure(job: FitJob, message: string, attempts: number, worker?: string): FitFailure {
  return {
    ok: false,
    key: job.key,
    candidateIndex: job.candidateIndex,
    splitIndex: job.splitIndex,
    errorClass: 'ExecutorError',
    message,
    cause: 'infrastructure',
    fitTime: 0,
    scoreTime: 0,
    ...(worker !== undefined ? { worker } : {}),
    attempts,
  };
}
