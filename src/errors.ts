/**
 * Error classes. Every message says what was wrong, where (parameter, row, fold,
 * candidate) and what to do about it.
 */

/** Bad input detected before any work is dispatched (data, space, options). */
export class ValidationError extends Error {
  override readonly name = 'ValidationError';
}

/** A fit, predict or score call of one (candidate × split) failed. */
export class FitError extends Error {
  override readonly name = 'FitError';
  constructor(
    message: string,
    readonly candidateIndex?: number,
    readonly splitIndex?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The machinery running jobs failed (a thread died, Redis is unreachable, …). */
export class ExecutorError extends Error {
  override readonly name = 'ExecutorError';
}

/** A search was cancelled through its AbortSignal; says how many jobs finished. */
export class SearchAbortedError extends Error {
  override readonly name = 'SearchAbortedError';
  constructor(
    message: string,
    readonly finished: number,
    readonly total: number,
  ) {
    super(message);
  }
}
