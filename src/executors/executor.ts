import type { DataSet } from '../data/dataset.js';
import type { FitJob, FitResult } from '../jobs/types.js';

/** Options of one `Executor.run` call. */
export interface RunOptions {
  /** Stops dispatch at once; running jobs are abandoned. The iterable then ends (or throws an AbortError). */
  signal?: AbortSignal;
  /** Called for each result as it lands, before it is yielded. */
  onResult?(result: FitResult): void;
  /** A stable id for the search (cluster: resume against the same Redis). */
  searchId?: string;
  /**
   * Results an executor found already finished before this run (the cluster's results in Redis,
   * kept from an interrupted run): given here instead of being yielded, so they count as resumed,
   * not run. Without this callback they are yielded like any other result.
   */
  onResumed?(results: FitResult[]): void;
}

/**
 * How jobs run. A search sees only this: it hands over the data set once and
 * the jobs, and consumes results in any order as they finish.
 */
export interface Executor {
  /** Short name for logs ('inline', 'piscina', 'cluster'). */
  readonly kind: string;
  /**
   * Checks, before any job is dispatched, that every estimator name in `jobs`
   * can be resolved where the jobs will run (throws a ValidationError otherwise).
   */
  validate?(jobs: readonly FitJob[]): Promise<void>;
  /** Runs every job on `data`; yields each result as it finishes (any order). */
  run(data: DataSet, jobs: readonly FitJob[], options?: RunOptions): AsyncIterable<FitResult>;
  /**
   * Where the finished results of the last run survive besides a journal, for messages after an
   * interruption (cluster: "in Redis at <url> for 6 h (search <id>)"); undefined: nowhere.
   */
  keptResults?(): string | undefined;
  /** Releases threads / connections. Idempotent. */
  close(): Promise<void>;
}
