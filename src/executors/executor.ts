import type { DataSet, DerivedPayload } from '../data/dataset.js';
import type { Labels, Matrix } from '../data/matrix.js';
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

/** What an executor is running at this moment (read by live views such as the dashboard). */
export interface ExecutorActivity {
  /** How many `unit`s are running now. */
  running: number;
  /**
   * What `running` counts. 'fits': fits started and not finished (pool: read from the run's shared
   * status array the threads write; inline: the one fit of a run in progress). 'batches': BullMQ jobs
   * of the current run held by workers (cluster: each holds several fits and runs up to its
   * worker's thread count of them at once).
   */
  unit: 'fits' | 'batches';
}

/**
 * How jobs run. A search sees only this: it hands over the data set once and
 * the jobs, and consumes results in any order as they finish.
 */
export interface Executor {
  /** Short name for logs ('inline', 'piscina', 'cluster'). */
  readonly kind: string;
  /**
   * How many fits this executor runs at once (the pool: its threads). A search splits its refit
   * into that many parts when the estimator can (`Estimator.fitParts`: a forest's trees) and runs
   * them here; absent, the refit runs whole in the search's thread.
   */
  readonly concurrency?: number;
  /**
   * Checks, before any job is dispatched, that every estimator name in `jobs`
   * can be resolved where the jobs will run (throws a ValidationError otherwise).
   */
  validate?(jobs: readonly FitJob[]): Promise<void>;
  /**
   * Starts the workers now, loading `estimators` and `scorers` there, without waiting: a search
   * calls it before it builds its folds and prepares its data, so that a pool's threads start in
   * the meantime. A later `validate` of jobs naming the same estimators and scorers answers from
   * this start (its errors surface there). Optional: executors without workers to start omit it.
   */
  warmUp?(estimators: readonly string[], scorers: readonly string[]): void;
  /**
   * Runs `estimator`'s `prepareData` on X and y in one of the executor's workers, while the search
   * builds its folds in its own thread, and resolves to the payloads it derived (`data.derived`
   * entries: a forest's binned matrix, an SVC's Gram matrix). Optional: without it, when it returns
   * undefined (it would rather not: e.g. X would have to be copied for it) or when it rejects, the
   * search runs `prepareData` in its own thread (which reports the error).
   */
  prepareData?(estimator: FitJob['estimator'], X: Matrix, y: Labels): Promise<Map<string, DerivedPayload>> | undefined;
  /** Runs every job on `data`; yields each result as it finishes (any order). */
  run(data: DataSet, jobs: readonly FitJob[], options?: RunOptions): AsyncIterable<FitResult>;
  /**
   * Where the finished results of the last run survive besides a journal, for messages after an
   * interruption (cluster: "in Redis at <url> for 6 h (search <id>)"); undefined: nowhere.
   */
  keptResults?(): string | undefined;
  /** What is running now, as this executor knows it (the cluster asks Redis: one call). */
  activity?(): ExecutorActivity | Promise<ExecutorActivity>;
  /** Releases threads / connections. Idempotent. */
  close(): Promise<void>;
}
