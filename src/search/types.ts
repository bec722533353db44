import type { Labels } from '../data/matrix.js';
import type { Estimator, ParamValue, Params } from '../estimators/estimator.js';
import type { ClassLabel } from '../estimators/class-labels.js';
import type { Executor } from '../executors/executor.js';
import type { FitResult } from '../jobs/types.js';
import type { Scorer, ScorerFn, ScoringName } from '../metrics/scorer.js';
import type { Distribution } from '../params/distributions.js';
import type { CvOption } from '../split/check-cv.js';
import type { BatchInfo, VerboseOption } from './verbose.js';
import type { XInput } from './validate-data.js';

/** An estimator's own parameter type, read from its `getParams()` (e.g. `SVCParams` for `SVC`). */
export type ParamsOf<E> = E extends { getParams(): infer P extends object } ? P : Params;

/** One candidate of a search over `E`: some of its parameters (the keys of a grid point); `Params` for an untyped estimator. */
export type CandidateOf<E> = string extends keyof ParamsOf<E> ? ParamsOf<E> : Partial<ParamsOf<E>>;

/**
 * A grid over `E`'s parameters: each name maps to the list of values to try. Typed from the
 * estimator, so a misspelt name (`gama`) or a value of the wrong type fails to compile.
 */
export type GridFor<E> = { [K in keyof ParamsOf<E>]?: readonly ParamsOf<E>[K][] };

/** A randomized-search space over `E`: lists, or distributions for numeric parameters. */
export type SpaceFor<E> = {
  [K in keyof ParamsOf<E>]?: readonly ParamsOf<E>[K][] | (number extends ParamsOf<E>[K] ? Distribution : never);
};

/** A scorer given by name (a built-in or registered one), by function, or as a Scorer from `makeScorer`. */
export type ScorerRef = ScoringName | ScorerFn | Scorer;

/**
 * What `scoring` may be: a scorer name ('accuracy'), a custom function, a Scorer from
 * `makeScorer`, a list of names / Scorers, or a record metric → name, function or Scorer
 * (multi-metric). Names are the built-in scoring strings plus those declared in `ScorerNames`.
 */
export type ScoringOption = ScorerRef | readonly (ScoringName | Scorer)[] | Readonly<Record<string, ScorerRef>>;

/** A numeric column of `cvResults`: one number per candidate. */
export type NumericColumn = Float64Array | number[];

/** The metric keys a `scoring` option produces: 'score' for one metric, else the names or record keys. */
export type MetricNames<S> = [S] extends [undefined]
  ? 'score'
  : S extends string | ScorerFn | Scorer
    ? 'score'
    : S extends readonly (infer N)[]
      ? N extends Scorer<infer M>
        ? M
        : N & string
      : S extends object
        ? keyof S & string
        : never;

/** The metric keys of a search built with options `O`. */
export type MetricsOf<O> = MetricNames<O extends { scoring?: infer S } ? (unknown extends S ? undefined : S) : undefined>;

/** Whether options `O` ask for train scores: true, false, or boolean when not known from the type. */
export type TrainOf<O> = O extends { returnTrainScore?: infer T }
  ? unknown extends T
    ? false
    : [T] extends [true]
      ? true
      : [T] extends [false | undefined]
        ? false
        : boolean
  : false;

type TestColumns<M extends string> = { readonly [K in M as `mean_test_${K}` | `std_test_${K}` | `rank_test_${K}`]: NumericColumn } & {
  readonly [K in `split${number}_test_${M}`]: NumericColumn;
};
type TrainColumns<M extends string, Train extends boolean> = [Train] extends [false]
  ? unknown
  : { readonly [K in M as `mean_train_${K}` | `std_train_${K}`]: NumericColumn } & { readonly [K in `split${number}_train_${M}`]: NumericColumn };
type ParamColumns<C extends object> = string extends keyof C
  ? { readonly [key: `param_${string}`]: readonly (ParamValue | undefined)[] }
  : { readonly [K in keyof C & string as `param_${K}`]?: readonly (C[K] | undefined)[] };

/**
 * A search's `cvResults`: scikit-learn's `cv_results_`, one entry per candidate in every
 * column. `C` is the candidate type (`params: C[]`, `param_<name>` columns typed from it,
 * `undefined` where a candidate lacks that parameter), `M` the metric keys (`mean_test_<M>` …),
 * `Train` whether `returnTrainScore` added the `*_train_*` columns (false: they are not in the type;
 * boolean: they may be).
 */
export type CvResults<C extends object = Params, M extends string = string, Train extends boolean = boolean> = {
  readonly mean_fit_time: NumericColumn;
  readonly std_fit_time: NumericColumn;
  readonly mean_score_time: NumericColumn;
  readonly std_score_time: NumericColumn;
  readonly params: C[];
} & ParamColumns<C> &
  TestColumns<M> &
  TrainColumns<M, Train>;

/** The cvResults of a search over `E` with options `O`: candidate type, metric keys and train columns from them. */
export type SearchCvResults<E, O> = CvResults<CandidateOf<E>, MetricsOf<O>, TrainOf<O>>;

/** cvResults as a plain table keyed by column name (how code that walks every column sees it). */
export type CvTable = Readonly<Record<string, NumericColumn | readonly (ParamValue | undefined)[] | readonly Params[]>>;

/**
 * What `refit` may be: `true` (single metric), a metric name (multi-metric),
 * `false` (no refit), or a function of `cvResults` returning the best candidate index.
 */
export type RefitOption<C extends object = Params> = boolean | string | ((cvResults: CvResults<C>) => number);

/** The best candidate seen so far in a progress report. */
export interface BestSoFar<C extends object = Params> {
  candidateIndex: number;
  params: C;
  /** Mean test score of the refit metric (the first metric when refit is a function or false). */
  score: number;
  metric: string;
}

/** What a search reports after each result (`onProgress` and the 'progress' event). */
export interface ProgressInfo<C extends object = Params> {
  /** (candidate × split) fits finished, including those resumed from a journal. */
  done: number;
  total: number;
  failed: number;
  elapsedMs: number;
  /** Estimated time left, from the fits run in this call; undefined before the first. */
  etaMs?: number;
  best?: BestSoFar<C>;
  /** Successive halving: the iteration (from 0) the latest fits belong to, and how many there are. */
  iteration?: number;
  nIterations?: number;
}

/** Payload of the 'resumed' event: results taken from a journal (or kept by the executor) instead of being run. */
export interface ResumedInfo {
  count: number;
  results: FitResult[];
  /** The journal's path ('' when the results came from the executor and no journal was given). */
  journal: string;
  /** Where they came from when not the journal (cluster: "in Redis at <url> … (search <id>)"). */
  from?: string;
}

/** Payload of the 'done' event. */
export interface DoneInfo<C extends object = Params> {
  cvResults: CvResults<C>;
  bestIndex: number | undefined;
  bestParams: C | undefined;
  bestScore: number | undefined;
}

/**
 * The events of a search and their payloads (`search.on('progress', (p) => p.done)`): 'result'
 * after each fit run in this call, 'resumed' once when a journal supplied finished fits,
 * 'progress' after each filled slot, 'done' when cvResults and the best candidate are set.
 */
export interface SearchEvents<C extends object = Params> {
  /** A batch of candidates is about to run (what `verbose` prints its plan from). */
  batch: [info: BatchInfo];
  result: [result: FitResult];
  resumed: [info: ResumedInfo];
  progress: [progress: ProgressInfo<C>];
  done: [info: DoneInfo<C>];
  /** Successive halving: an iteration is about to run. */
  iteration: [info: HalvingIterationInfo];
}

/** Payload of a halving search's 'iteration' event. */
export interface HalvingIterationInfo {
  /** From 0. */
  iteration: number;
  nIterations: number;
  nCandidates: number;
  nResources: number;
}

/** Options shared by GridSearchCV and RandomizedSearchCV (scikit-learn's, camelCased). */
export interface SearchOptions<C extends object = Params> {
  /** Fold count, splitter or explicit folds (default 5; stratified for classifiers). */
  cv?: CvOption;
  /** Default: the estimator's own score (accuracy for classifiers, r2 for regressors). */
  scoring?: ScoringOption;
  /** Default true. */
  refit?: RefitOption<C>;
  /** Score given to failed fits (default NaN), or 'raise' to stop at the first failure. */
  errorScore?: number | 'raise';
  /** Also score the train rows (default false). */
  returnTrainScore?: boolean;
  /** Seeds candidate sampling and every job's estimator seed; undefined: a random seed. */
  randomState?: number;
  /** Where jobs run; default a PiscinaExecutor with one thread per core (closed by the search). Never closed if given. */
  executor?: Executor;
  /** Called after each finished fit. */
  onProgress?(progress: ProgressInfo<C>): void;
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

/**
 * The options a search constructor takes: SearchOptions, with `scoring`, `refit` and
 * `returnTrainScore` captured as type parameters (`S`, `R`, `T`) so that `await fit` is typed
 * by them (metric columns, best-candidate attributes, train columns). A refit function with an
 * unannotated parameter is typed from its context and still captured.
 */
export type SearchOptionsFor<S, R, T> = Omit<SearchOptions, 'scoring' | 'refit' | 'returnTrainScore'> & {
  /** Default: the estimator's own score (accuracy for classifiers, r2 for regressors). */
  scoring?: S;
  /** Default true. */
  refit?: R | ((cvResults: CvResults) => number);
  /** Also score the train rows (default false). */
  returnTrainScore?: T;
};

/** What a search's type remembers of its options (the `O` of `BaseSearchCV` and `Fitted`). */
export interface OptionTypes<S, R, T> {
  scoring: S;
  refit: R;
  returnTrainScore: T;
}

/** What a search's type knows of options it cannot see (a search typed `BaseSearchCV`): anything. */
export type AnyOptionTypes = OptionTypes<ScoringOption | undefined, RefitOption | undefined, boolean | undefined>;

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

type RefitIn<O> = O extends { refit: infer R } ? ([R] extends [undefined] ? true : R) : true;
type IsMulti<O> = string extends MetricsOf<O> ? boolean : [MetricsOf<O>] extends ['score'] ? false : true;

/** The best-candidate attributes after fit: absent with several metrics and refit: false; no bestScore with a refit function. */
type BestAttributes<C extends object, O> =
  RefitIn<O> extends false
    ? IsMulti<O> extends false
      ? { readonly bestIndex: number; readonly bestParams: C; readonly bestScore: number }
      : unknown
    : RefitIn<O> extends (...args: never[]) => number
      ? { readonly bestIndex: number; readonly bestParams: C }
      : RefitIn<O> extends true | string
        ? { readonly bestIndex: number; readonly bestParams: C; readonly bestScore: number; readonly refitTime: number }
        : unknown;

/** What predict returns for targets given as `L`: numeric labels stay typed arrays, strings and booleans come back as given. */
export type PredictionsOf<L extends ClassLabel> = [L] extends [number] ? Labels : L[];

/** The classes a classifier search saw in y (scikit-learn's `classes_`) and predictions in those labels; regressors have no classes. */
type ClassesAttribute<E, L extends ClassLabel> = E extends { readonly kind: 'classifier' }
  ? { readonly classes: readonly L[]; predict(X: XInput): PredictionsOf<L> }
  : { predict(X: XInput): Labels };

/**
 * What `await search.fit(X, y)` resolves to: the search with its results set — `cvResults`
 * typed by the candidate type, metrics and returnTrainScore of its options; `bestIndex`,
 * `bestParams`, `bestScore` non-optional where scikit-learn sets them; `classes` (labels of type
 * `L`, as y gave them) and `predict` in those labels for classifiers.
 */
export type FittedAttributes<E, O, L extends ClassLabel = number> = {
  readonly cvResults: SearchCvResults<E, O>;
  readonly nSplits: number;
} & BestAttributes<CandidateOf<E>, O> &
  ClassesAttribute<E, L>;

/**
 * A fitted search: the search type `S` (over estimator `E` with options `O`, fitted on labels of
 * type `L`) with its results set. The fitted attributes come first, so their precise `predict`
 * is the signature a call picks.
 */
export type Fitted<S, E extends Estimator, O, L extends ClassLabel = number> = FittedAttributes<E, O, L> & S;
