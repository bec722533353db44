import type { ParamValue, Params } from '../estimators/estimator.js';
import type { Executor } from '../executors/executor.js';
import type { FitResult } from '../jobs/types.js';
import type { ScorerFn } from '../metrics/scorer.js';
import type { CvOption } from '../split/check-cv.js';
import type { VerboseOption } from './verbose.js';

/**
 * What `scoring` may be: a scorer name ('accuracy'), a custom function, a list of
 * names, or a record metric → name or function (multi-metric).
 */
export type ScoringOption = string | ScorerFn | readonly string[] | Readonly<Record<string, string | ScorerFn>>;

/**
 * What `refit` may be: `true` (single metric), a metric name (multi-metric),
 * `false` (no refit), or a function of `cvResults` returning the best candidate index.
 */
export type RefitOption = boolean | string | ((cvResults: CvResults) => number);

/**
 * A search's `cvResults`: scikit-learn's `cv_results_`, one entry per candidate in every
 * column. Numeric columns are `number[]`; `param_<name>` columns hold `undefined` where a
 * candidate lacks that parameter; `params` holds each candidate's parameters.
 */
export interface CvResults {
  readonly [key: string]: readonly number[] | readonly (ParamValue | undefined)[] | readonly Params[];
  readonly mean_fit_time: number[];
  readonly std_fit_time: number[];
  readonly mean_score_time: number[];
  readonly std_score_time: number[];
  readonly params: Params[];
}

/** The best candidate seen so far in a progress report. */
export interface BestSoFar {
  candidateIndex: number;
  params: Params;
  /** Mean test score of the refit metric (the first metric when refit is a function or false). */
  score: number;
  metric: string;
}

/** What a search reports after each result (`onProgress` and the 'progress' event). */
export interface ProgressInfo {
  /** (candidate × split) fits finished, including those resumed from a journal. */
  done: number;
  total: number;
  failed: number;
  elapsedMs: number;
  /** Estimated time left, from the fits run in this call; undefined before the first. */
  etaMs?: number;
  best?: BestSoFar;
}

/** Payload of the 'resumed' event: results taken from a journal instead of being run. */
export interface ResumedInfo {
  count: number;
  results: FitResult[];
  journal: string;
}

/** Options shared by GridSearchCV and RandomizedSearchCV (scikit-learn's, camelCased). */
export interface SearchOptions {
  /** Fold count, splitter or explicit folds (default 5; stratified for classifiers). */
  cv?: CvOption;
  /** Default: the estimator's own score (accuracy for classifiers, r2 for regressors). */
  scoring?: ScoringOption;
  /** Default true. */
  refit?: RefitOption;
  /** Score given to failed fits (default NaN), or 'raise' to stop at the first failure. */
  errorScore?: number | 'raise';
  /** Also score the train rows (default false). */
  returnTrainScore?: boolean;
  /** Seeds candidate sampling and every job's estimator seed; undefined: a random seed. */
  randomState?: number;
  /** Where jobs run; default `createDefaultExecutor()` (closed by the search). Never closed if given. */
  executor?: Executor;
  /** Called after each finished fit. */
  onProgress?(progress: ProgressInfo): void;
  /** scikit-learn's `verbose` levels (1 plan, 2 a line per fit, ≥ 3 split and scores), to stderr or `{ level, stream }`. */
  verbose?: VerboseOption;
  /**
   * Seconds one fit (fit and scoring of one candidate × split) may run. Past it the pool
   * and cluster workers terminate the thread running it; inline, a fit is checked when it
   * returns. Recorded as a failure with errorClass 'FitTimeoutError', scored errorScore.
   * Default: no limit. See docs/limits-and-validation.md.
   */
  fitTimeout?: number;
}

/** Options of `fit`. */
export interface SearchFitOptions {
  /** Group labels for group-aware splitters (GroupKFold …), one per row. */
  groups?: ArrayLike<number>;
  /** Path of a JSON-lines journal: finished fits are recorded and skipped on a re-run. */
  journal?: string;
  /** Aborting stops dispatch; finished fits stay in the journal; fit rejects with SearchAbortedError. */
  signal?: AbortSignal;
  /** Serve a live dashboard while the search runs (`true` or `{ port, host }`; see docs/dashboard.md). */
  dashboard?: import('../dashboard/dashboard.js').FitDashboardOption;
  /** Write a self-contained HTML report of the final state to this path. */
  report?: string;
}
