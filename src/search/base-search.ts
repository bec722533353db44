/**
 * The search loop shared by every strategy (scikit-learn's `BaseSearchCV.fit`): validate
 * everything, split, hand candidate batches to the evaluator, assemble cvResults, pick
 * the best candidate and refit it on all the data. A strategy only proposes candidates
 * (`runSearch`), as scikit-learn's `_run_search`.
 */
import { randomInt } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { makeDataSet, type DataSet } from '../data/dataset.js';
import type { Labels, Matrix } from '../data/matrix.js';
import { decodeTarget, encodeTarget, encodeWith, type ClassLabel, type EncodedTarget, type TargetInput } from '../estimators/class-labels.js';
import type { Estimator, Params } from '../estimators/estimator.js';
import { ValidationError } from '../errors.js';
import type { Executor } from '../executors/executor.js';
import { didYouMean } from '../estimators/suggest.js';
import { paramsWithSeed } from '../jobs/fit-and-score.js';
import { fitTimeoutProblem } from '../jobs/fit-timeout.js';
import { deriveSeed } from '../jobs/job-key.js';
import { readJournalHeader } from '../jobs/journal.js';
import type { FitFailure } from '../jobs/types.js';
import { getScorer } from '../metrics/scorers.js';
import { uniqueSorted } from '../metrics/targets.js';
import { checkCv } from '../split/check-cv.js';
import type { Fold } from '../split/splitter.js';
import { CandidateEvaluator, type EvaluateOptions, type OnPending } from './evaluator.js';
import { emitFitFailedWarning } from './fit-failed-warning.js';
import { NotFittedError } from './not-fitted.js';
import { refitParts } from './refit-parts.js';
import { RefitSpeculation } from './refit-speculation.js';
import { numericColumn } from './results.js';
import { checkScorers, resolveScoring, scoringForClasses, type ResolvedScoring } from './scoring.js';
import { refitMetric, selectBestIndex } from './select-best.js';
import type {
  AnyOptionTypes,
  CandidateOf,
  CvResults,
  Fitted,
  ProgressInfo,
  RefitOption,
  SearchCvResults,
  SearchEvents,
  SearchFitOptions,
  SearchOptions,
} from './types.js';
import { asMatrix, checkXy, type XInput } from './validate-data.js';
import { attachVerbose, resolveVerbose } from './verbose.js';

const SEARCH_OPTION_NAMES = [
  'cv',
  'scoring',
  'refit',
  'errorScore',
  'returnTrainScore',
  'randomState',
  'executor',
  'onProgress',
  'verbose',
  'fitTimeout',
] as const;

/** Hands a batch of candidates to the shared loop; resolves to cvResults over all batches so far. */
export type EvaluateCandidates = (candidates: readonly Params[], options?: EvaluateOptions) => Promise<CvResults>;

/** What a strategy may check against the data before any job is dispatched (`prepareSearch`). */
export interface SearchContext {
  X: Matrix;
  y: Labels;
  folds: readonly Fold[];
  /** The resolved scoring: metric → scorer name. */
  scoring: Record<string, string>;
}

/**
 * The base of GridSearchCV and RandomizedSearchCV: an EventEmitter with typed events
 * (SearchEvents: 'result', 'resumed', 'progress', 'done'). After `fit` it holds cvResults,
 * the best candidate and its refit; `await search.fit(X, y)` resolves to the search typed as
 * fitted (`Fitted`), whose attributes are no longer optional. `E` is the estimator searched,
 * `O` what the type knows of the options (`OptionTypes`: their scoring, refit and returnTrainScore
 * decide the fitted type's columns and attributes).
 */
export abstract class BaseSearchCV<E extends Estimator = Estimator, O = AnyOptionTypes> extends EventEmitter<SearchEvents<CandidateOf<E>>> {
  /** The `cv_results_` table (see CvResults); undefined before fit. */
  cvResults?: SearchCvResults<E, O>;
  /** Index of the best candidate (undefined with several metrics and refit: false). */
  bestIndex?: number;
  /** The best candidate's parameters (scikit-learn's `best_params_`). */
  bestParams?: CandidateOf<E>;
  /** Mean test score of the best candidate (undefined when refit is a function). */
  bestScore?: number;
  /** Seconds spent refitting the best candidate on all the data. */
  refitTime?: number;
  /** Number of cross-validation splits. */
  nSplits?: number;
  /** True when scoring names several metrics. */
  multimetric = false;
  /** Failed fits (kept with their stacks) when errorScore is a number. */
  failures: FitFailure[] = [];
  /** Metric → scorer name used by the last fit. */
  scorerNames?: Record<string, string>;
  /** The fitted data's content fingerprint and shape (what a saved model records; see saveModel). */
  trainingData?: { fingerprint: string; rows: number; cols: number };
  /** Classifiers: the sorted distinct labels of y, as given (strings stay strings) — scikit-learn's `classes_`. */
  classes?: readonly ClassLabel[];
  private best?: E;
  private refitMetricName?: string;
  /** The original labels when y held strings or booleans (the estimators saw their indices). */
  private labels?: readonly ClassLabel[];

  protected constructor(
    /** The estimator whose parameters are searched (its own parameters are the base). */
    readonly estimator: E,
    protected readonly options: SearchOptions,
  ) {
    super();
  }

  /** Proposes candidates through `evaluate` (one batch for a grid or random search). */
  protected abstract runSearch(evaluate: EvaluateCandidates, seed: number): Promise<void>;

  /** Strategy-specific checks run before anything else (space not empty, nIter ≥ 1, names). */
  protected abstract checkStrategy(): void;

  /** Data-dependent checks and set-up of a strategy, after the folds are made and before any job runs. */
  protected prepareSearch(_context: SearchContext): void {}

  /** Index of the best candidate (successive halving picks it from the last iteration). */
  protected selectBest(refit: RefitOption, metric: string | undefined, cv: CvResults): number {
    return selectBestIndex(refit, metric, cv);
  }

  /** Option names a strategy adds to SearchOptions (e.g. 'nIter'). */
  protected extraOptionNames(): readonly string[] {
    return [];
  }

  private checkOptionNames(): void {
    const known = [...SEARCH_OPTION_NAMES, ...this.extraOptionNames()];
    for (const k of Object.keys(this.options)) {
      if (!known.includes(k)) {
        throw new ValidationError(
          `${this.constructor.name}: unknown option '${k}'${didYouMean(k, known)}; valid options: ${known.sort().join(', ')} (camelCase, e.g. nIter for n_iter)`,
        );
      }
    }
  }

  /** The estimator refitted on all the data with the best parameters; throws when refit was false. */
  get bestEstimator(): E {
    if (!this.best) {
      if (this.cvResults && this.options.refit === false) {
        throw new NotFittedError(
          'bestEstimator is not available: the search ran with refit: false. Pass refit: true (or a metric name) to refit the best candidate on all the data, or build it yourself from bestParams.',
        );
      }
      throw new NotFittedError('bestEstimator is not available: call fit(X, y) first');
    }
    return this.best;
  }

  /**
   * Runs the search: validates, cross-validates every candidate, picks the best and refits
   * it (unless refit: false). Rejects with ValidationError before any job runs on bad input,
   * SearchAbortedError when `signal` aborts, FitError on a failure with errorScore 'raise'.
   * A classifier's y may hold strings or booleans: they are encoded here (sorted, as scikit-learn's
   * classes_) and `predict` returns them. Resolves to the search typed as fitted.
   */
  async fit<L extends ClassLabel = number>(X: XInput, y: TargetInput<L>, fitOptions: SearchFitOptions = {}): Promise<Fitted<this, E, O, L>> {
    this.reset();
    this.checkOptionNames();
    const o = this.options;
    const est = this.estimator;
    const errorScore = o.errorScore ?? NaN;
    if (errorScore !== 'raise' && typeof errorScore !== 'number')
      throw new ValidationError(`errorScore: expected a number or 'raise', got ${JSON.stringify(errorScore)}`);
    if (o.randomState !== undefined && !Number.isInteger(o.randomState))
      throw new ValidationError(`randomState: expected an integer, got ${String(o.randomState)}`);
    const timeoutProblem = fitTimeoutProblem(o.fitTimeout, 'fitTimeout');
    if (timeoutProblem) throw new ValidationError(timeoutProblem);
    const refit = (o.refit ?? true) as RefitOption;
    const returnTrainScore = o.returnTrainScore ?? false;
    const Xm = asMatrix(X);
    const target = encodeTarget('fit', y, est.kind);
    const ym = target.y;
    checkXy(Xm, ym, est.kind, fitOptions.groups);
    const resolved = resolveScoring(o.scoring, est);
    const { multimetric } = resolved;
    const scoring = scoringForClasses(resolved.scoring, target.labels);
    checkScorers(scoring, est);
    const metric = refitMetric(refit, Object.keys(scoring), multimetric, resolved.scoring);
    this.checkStrategy();
    resolveVerbose(o.verbose); // a bad verbose option fails here, before an executor starts
    // the default (piscina) is loaded on first use: a search module imports no executor code
    const executor = o.executor ?? (await import('../executors/default.js')).createDefaultExecutor();
    let finishDashboard: (() => void) | undefined;
    try {
      finishDashboard = await this.fitOn(executor, Xm, target, scoring, multimetric, metric, refit, returnTrainScore, errorScore, fitOptions);
    } finally {
      if (!o.executor) await executor.close();
    }
    // fitOn set cvResults (it returned)
    this.emit('done', { cvResults: this.cvResults!, bestIndex: this.bestIndex, bestParams: this.bestParams, bestScore: this.bestScore });
    finishDashboard?.();
    return this as Fitted<this, E, O, L>;
  }

  /**
   * The rest of `fit`, on `executor`: it is started first (a pool's threads boot and load the
   * estimator while the folds are built and the data prepared). Returns the dashboard's finisher.
   */
  private async fitOn(
    executor: Executor,
    Xm: Matrix,
    target: EncodedTarget,
    scoring: Record<string, string>,
    multimetric: boolean,
    metric: string | undefined,
    refit: RefitOption,
    returnTrainScore: boolean,
    errorScore: number | 'raise',
    fitOptions: SearchFitOptions,
  ): Promise<(() => void) | undefined> {
    const o = this.options;
    const est = this.estimator;
    const ym = target.y;
    executor.warmUp?.([est.name], Object.values(scoring));
    // a pool prepares the data in a thread (a forest bins it) while this thread builds folds and fingerprint (X in shared memory)
    const prepared = est.prepareData && executor.prepareData ? executor.prepareData({ name: est.name, params: est.getParams() }, Xm, ym) : undefined;
    // read by the evaluator; unread (the search stopped first) it must not be an unhandled rejection
    prepared?.catch(() => undefined);
    const metrics = Object.keys(scoring);
    const splitter = checkCv(o.cv, est.kind === 'regressor' ? 'regressor' : 'classifier', ym);
    const folds = [...splitter.split(Xm, ym, fitOptions.groups)];
    // turns of the event loop between the long steps: a pool hands a thread that became ready its first task
    // (the prepareData above) only from this thread's event loop
    if (prepared) await yieldToEventLoop();
    if (folds.length === 0) throw new ValidationError('cv produced no folds; give at least one train/test split');
    this.prepareSearch({ X: Xm, y: ym, folds, scoring });
    const recorded = fitOptions.journal !== undefined ? readJournalHeader(fitOptions.journal) : undefined;
    const seed = o.randomState ?? recorded?.seed ?? randomInt(0, 2 ** 31 - 1);
    const data = makeDataSet(Xm, ym);
    if (prepared) await yieldToEventLoop();
    // loaded only when asked for: without a dashboard nothing starts
    const finishDashboard =
      fitOptions.dashboard || fitOptions.report !== undefined
        ? await (await import('../dashboard/dashboard.js')).attachFitDashboard(this, fitOptions.dashboard, fitOptions.report)
        : undefined;
    const evaluator = new CandidateEvaluator({
      estimator: est,
      data,
      folds,
      scoring,
      returnTrainScore,
      errorScore,
      seed,
      executor,
      journalPath: fitOptions.journal,
      signal: fitOptions.signal,
      progressMetric: metric ?? metrics[0]!,
      events: this,
      onProgress: o.onProgress as ((p: ProgressInfo) => void) | undefined,
      fitTimeout: o.fitTimeout,
      prepared,
    });
    const detachVerbose = attachVerbose(this, o.verbose, {
      multimetric,
      metrics,
      returnTrainScore,
      errorScore: typeof errorScore === 'number' ? errorScore : NaN,
    });
    let rows: Int32Array | undefined;
    const all = (): Int32Array => (rows ??= Int32Array.from({ length: data.X.rows }, (_, i) => i));
    const speculation = this.speculation(refit, metric, executor, data, seed, evaluator, all, fitOptions.signal);
    const onPending =
      speculation && metric !== undefined
        ? (n: number): OnPending =>
            (pending, offset) =>
              speculation.update(pending, evaluator.leader(offset, n, metric))
        : undefined;
    try {
      await this.runSearch((batch, batchOptions) => evaluator.evaluate(batch, batchOptions, batchOptions?.last ? onPending?.(batch.length) : undefined), seed);
    } catch (err) {
      speculation?.stop();
      throw err;
    } finally {
      detachVerbose();
      this.failures = evaluator.failures;
      evaluator.close();
    }
    const cv = evaluator.cvResults();
    this.nSplits = folds.length;
    this.trainingData = { fingerprint: data.id, rows: Xm.rows, cols: Xm.cols };
    this.warnFailures(evaluator);
    this.cvResults = cv as unknown as SearchCvResults<E, O>;
    this.labels = target.labels;
    if (est.kind === 'classifier') this.classes = target.labels ?? Array.from(uniqueSorted(ym));
    this.multimetric = multimetric;
    this.scorerNames = scoring;
    this.refitMetricName = metric;
    if (refit !== false || !multimetric) {
      const bestIndex = this.selectBest(refit, metric, cv);
      this.bestIndex = bestIndex;
      this.bestParams = { ...cv.params[bestIndex]! } as CandidateOf<E>;
      if (metric !== undefined) this.bestScore = numericColumn(cv, `mean_test_${metric}`)[bestIndex];
    }
    if (refit !== false) await this.refitBest(data, seed, executor, fitOptions.signal, speculation, all);
    else speculation?.stop();
    return finishDashboard;
  }

  /** The metric that picked the best candidate ('score' with one metric; undefined when refit is a function with several). */
  get refitMetric(): string | undefined {
    return this.refitMetricName;
  }

  /** Predictions of the refitted best estimator, in the labels y was given in (strings stay strings). */
  predict(X: XInput): Labels | ClassLabel[] {
    const pred = this.bestEstimator.predict(asMatrix(X));
    return this.labels ? decodeTarget(this.labels, pred) : pred;
  }

  /** Class probabilities of the refitted best estimator (if it has predictProba). */
  predictProba(X: XInput): Matrix {
    const est = this.bestEstimator;
    if (typeof est.predictProba !== 'function') throw new ValidationError(`predictProba: the best estimator ${est.name} has no predictProba`);
    return est.predictProba(asMatrix(X));
  }

  /** Score of the refitted best estimator on (X, y) with the refit metric's scorer. */
  score(X: XInput, y: TargetInput): number {
    const est = this.bestEstimator;
    const metric = this.refitMetricName ?? (this.multimetric ? undefined : 'score');
    if (metric === undefined || !this.scorerNames) {
      throw new ValidationError(
        "score: refit is a function with several metrics, so no metric is the search's own; call getScorer(name).fn(search.bestEstimator, X, y) with the metric you want",
      );
    }
    const yt = this.labels ? encodeWith('score', this.labels, y as readonly ClassLabel[]) : encodeTarget('score', y, est.kind).y;
    return getScorer(this.scorerNames[metric]!).fn(est, asMatrix(X), yt);
  }

  private reset(): void {
    this.cvResults = undefined;
    this.bestIndex = undefined;
    this.bestParams = undefined;
    this.bestScore = undefined;
    this.refitTime = undefined;
    this.nSplits = undefined;
    this.best = undefined;
    this.failures = [];
    this.trainingData = undefined;
    this.classes = undefined;
    this.labels = undefined;
  }

  /**
   * Fits the best candidate on all rows. When the executor runs several fits at once and the
   * estimator splits its fit into parts (a forest's trees), the parts run on the executor and
   * are joined here — the same model as one whole fit, as scikit-learn's forest refits on
   * `n_jobs` threads; otherwise the refit runs whole in this thread.
   */
  private async refitBest(
    data: DataSet,
    seed: number,
    executor: Executor,
    signal: AbortSignal | undefined,
    speculation: RefitSpeculation | undefined,
    all: () => Int32Array,
  ): Promise<void> {
    const est = this.refitEstimator(this.bestParams as Params, seed);
    const t0 = performance.now();
    // the parts the last fits' idle threads started for the candidate that led (see refit-speculation.ts), if it is the best
    const speculated = await speculation?.finish(this.bestIndex!);
    if (speculated && est.joinParts) {
      est.joinParts(speculated.models);
      this.refitTime = (performance.now() - speculated.startedAt) / 1000;
      this.best = est;
      return;
    }
    const parts = Math.min(executor.concurrency ?? 1, est.fitParts?.() ?? 1);
    if (parts > 1 && est.fitIndexed && est.joinParts) est.joinParts(await refitParts(est, data, all(), parts, executor, signal));
    else if (est.fitIndexed) est.fitIndexed(data, all());
    else est.fit(data.X, data.y);
    this.refitTime = (performance.now() - t0) / 1000;
    this.best = est;
    // parts of a candidate that led but is not the best finish before fit resolves (they ran behind this refit's parts)
    await speculation?.settled();
  }

  /** The refit estimator of the candidate with parameters `params`: seeded from `seed` as fitAndScore seeds (Pipeline steps included). */
  private refitEstimator(params: Params, seed: number): E {
    const est = this.estimator.clone() as E;
    est.setParams(params);
    const p = est.getParams();
    const seeded = paramsWithSeed(p, deriveSeed(seed, 'refit'));
    est.setParams(Object.fromEntries(Object.entries(seeded).filter(([k, v]) => v !== p[k])));
    return est;
  }

  /**
   * The speculative refit of this search (see refit-speculation.ts), when it can run: a refit that a metric
   * picks (not a function), an executor running several fits at once, an estimator fitted in parts on a
   * shared data set.
   */
  private speculation(
    refit: RefitOption,
    metric: string | undefined,
    executor: Executor,
    data: DataSet,
    seed: number,
    evaluator: CandidateEvaluator,
    all: () => Int32Array,
    signal: AbortSignal | undefined,
  ): RefitSpeculation | undefined {
    const concurrency = executor.concurrency ?? 1;
    const est = this.estimator;
    if (refit === false || typeof refit === 'function' || metric === undefined || concurrency < 2 || !est.fitIndexed || !est.joinParts || !est.fitParts) {
      return undefined;
    }
    return new RefitSpeculation({
      executor,
      concurrency,
      data,
      all,
      signal,
      refitEstimator: (index) => this.refitEstimator(evaluator.candidates[index]!, seed),
    });
  }

  private warnFailures(evaluator: CandidateEvaluator): void {
    const total = evaluator.columns.candidates * (this.nSplits ?? 0);
    emitFitFailedWarning(evaluator.failures, total, this.options.errorScore ?? NaN, evaluator.candidates);
    evaluator.warnings.emit(total);
  }
}

/** Resolves after the event loop has processed what is pending (messages from threads included). */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
