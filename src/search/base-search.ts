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
import type { Estimator, Params } from '../estimators/estimator.js';
import { ValidationError } from '../errors.js';
import { paramsWithSeed } from '../jobs/fit-and-score.js';
import { fitTimeoutProblem } from '../jobs/fit-timeout.js';
import { deriveSeed } from '../jobs/job-key.js';
import { readJournalHeader } from '../jobs/journal.js';
import type { FitFailure } from '../jobs/types.js';
import { getScorer } from '../metrics/scorers.js';
import { checkCv } from '../split/check-cv.js';
import { CandidateEvaluator, describeFailure } from './evaluator.js';
import { NotFittedError } from './not-fitted.js';
import { numericColumn } from './results.js';
import { checkScorers, resolveScoring } from './scoring.js';
import { refitMetric, selectBestIndex } from './select-best.js';
import type { CvResults, RefitOption, SearchFitOptions, SearchOptions } from './types.js';
import { asLabels, asMatrix, checkXy, type XInput, type YInput } from './validate-data.js';
import { attachVerbose, resolveVerbose } from './verbose.js';

const SEARCH_OPTION_NAMES = ['cv', 'scoring', 'refit', 'errorScore', 'returnTrainScore', 'randomState', 'executor', 'onProgress', 'verbose', 'fitTimeout'] as const;

/** Hands a batch of candidates to the shared loop; resolves to cvResults over all batches so far. */
export type EvaluateCandidates = (candidates: readonly Params[]) => Promise<CvResults>;

/**
 * The base of GridSearchCV and RandomizedSearchCV (an EventEmitter: 'result', 'resumed',
 * 'progress', 'done'). After `fit` it holds cvResults, the best candidate and its refit.
 */
export abstract class BaseSearchCV extends EventEmitter {
  /** The `cv_results_` table (see CvResults). */
  cvResults?: CvResults;
  /** Index of the best candidate (undefined with several metrics and refit: false). */
  bestIndex?: number;
  bestParams?: Params;
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
  private best?: Estimator;
  private refitMetricName?: string;

  protected constructor(
    /** The estimator whose parameters are searched (its own parameters are the base). */
    readonly estimator: Estimator,
    protected readonly options: SearchOptions,
  ) {
    super();
  }

  /** Proposes candidates through `evaluate` (one batch for a grid or random search). */
  protected abstract runSearch(evaluate: EvaluateCandidates, seed: number): Promise<void>;

  /** Strategy-specific checks run before anything else (space not empty, nIter ≥ 1, names). */
  protected abstract checkStrategy(): void;

  /** Option names a strategy adds to SearchOptions (e.g. 'nIter'). */
  protected extraOptionNames(): readonly string[] {
    return [];
  }

  private checkOptionNames(): void {
    const known = [...SEARCH_OPTION_NAMES, ...this.extraOptionNames()];
    for (const k of Object.keys(this.options)) {
      if (!known.includes(k)) {
        throw new ValidationError(`${this.constructor.name}: unknown option '${k}'; valid options: ${known.sort().join(', ')} (camelCase, e.g. nIter for n_iter)`);
      }
    }
  }

  /** The estimator refitted on all the data with the best parameters; throws when refit was false. */
  get bestEstimator(): Estimator {
    if (!this.best) {
      if (this.cvResults && this.options.refit === false) {
        throw new NotFittedError("bestEstimator is not available: the search ran with refit: false. Pass refit: true (or a metric name) to refit the best candidate on all the data, or build it yourself from bestParams.");
      }
      throw new NotFittedError('bestEstimator is not available: call fit(X, y) first');
    }
    return this.best;
  }

  /**
   * Runs the search: validates, cross-validates every candidate, picks the best and refits
   * it (unless refit: false). Rejects with ValidationError before any job runs on bad input,
   * SearchAbortedError when `signal` aborts, FitError on a failure with errorScore 'raise'.
   */
  async fit(X: XInput, y: YInput, fitOptions: SearchFitOptions = {}): Promise<this> {
    this.reset();
    this.checkOptionNames();
    const o = this.options;
    const est = this.estimator;
    const errorScore = o.errorScore ?? NaN;
    if (errorScore !== 'raise' && typeof errorScore !== 'number') throw new ValidationError(`errorScore: expected a number or 'raise', got ${JSON.stringify(errorScore)}`);
    if (o.randomState !== undefined && !Number.isInteger(o.randomState)) throw new ValidationError(`randomState: expected an integer, got ${String(o.randomState)}`);
    const timeoutProblem = fitTimeoutProblem(o.fitTimeout, 'fitTimeout');
    if (timeoutProblem) throw new ValidationError(timeoutProblem);
    const refit: RefitOption = o.refit ?? true;
    const returnTrainScore = o.returnTrainScore ?? false;
    const Xm = asMatrix(X);
    const ym = asLabels(y);
    checkXy(Xm, ym, est.kind, fitOptions.groups);
    const { scoring, multimetric } = resolveScoring(o.scoring, est);
    checkScorers(scoring, est);
    const metrics = Object.keys(scoring);
    const metric = refitMetric(refit, metrics, multimetric, scoring);
    this.checkStrategy();
    resolveVerbose(o.verbose); // a bad verbose option fails here, before an executor starts
    const splitter = checkCv(o.cv, est.kind === 'regressor' ? 'regressor' : 'classifier', ym);
    const folds = [...splitter.split(Xm, ym, fitOptions.groups)];
    if (folds.length === 0) throw new ValidationError('cv produced no folds; give at least one train/test split');
    const recorded = fitOptions.journal !== undefined ? readJournalHeader(fitOptions.journal) : undefined;
    const seed = o.randomState ?? recorded?.seed ?? randomInt(0, 2 ** 31 - 1);
    const data = makeDataSet(Xm, ym);
    // loaded only when asked for: without a dashboard nothing starts
    const finishDashboard = fitOptions.dashboard || fitOptions.report !== undefined ? await (await import('../dashboard/dashboard.js')).attachFitDashboard(this, fitOptions.dashboard, fitOptions.report) : undefined;
    // the default (piscina) is loaded on first use: a search module imports no executor code
    const executor = o.executor ?? (await import('../executors/default.js')).createDefaultExecutor();
    const evaluator = new CandidateEvaluator({
      estimator: est, data, folds, scoring, returnTrainScore, errorScore, seed, executor,
      journalPath: fitOptions.journal, signal: fitOptions.signal, progressMetric: metric ?? metrics[0]!,
      events: this, onProgress: o.onProgress, fitTimeout: o.fitTimeout,
    });
    const detachVerbose = attachVerbose(this, o.verbose, { multimetric, metrics, returnTrainScore, errorScore: typeof errorScore === 'number' ? errorScore : NaN });
    try {
      await this.runSearch((batch) => evaluator.evaluate(batch), seed);
    } finally {
      detachVerbose();
      this.failures = evaluator.failures;
      evaluator.close();
      if (!o.executor) await executor.close();
    }
    const cv = evaluator.cvResults();
    this.nSplits = folds.length;
    this.trainingData = { fingerprint: data.id, rows: Xm.rows, cols: Xm.cols };
    this.warnFailures(evaluator);
    this.cvResults = cv;
    this.multimetric = multimetric;
    this.scorerNames = scoring;
    this.refitMetricName = metric;
    if (refit !== false || !multimetric) {
      const bestIndex = selectBestIndex(refit, metric, cv);
      this.bestIndex = bestIndex;
      this.bestParams = { ...cv.params[bestIndex]! };
      if (metric !== undefined) this.bestScore = numericColumn(cv, `mean_test_${metric}`)[bestIndex];
    }
    if (refit !== false) this.refitBest(data, seed);
    this.emit('done', { cvResults: cv, bestIndex: this.bestIndex, bestParams: this.bestParams, bestScore: this.bestScore });
    finishDashboard?.();
    return this;
  }

  /** The metric that picked the best candidate ('score' with one metric; undefined when refit is a function with several). */
  get refitMetric(): string | undefined {
    return this.refitMetricName;
  }

  /** Predictions of the refitted best estimator. */
  predict(X: XInput): Labels {
    return this.bestEstimator.predict(asMatrix(X));
  }

  /** Class probabilities of the refitted best estimator (if it has predictProba). */
  predictProba(X: XInput): Matrix {
    const est = this.bestEstimator;
    if (typeof est.predictProba !== 'function') throw new ValidationError(`predictProba: the best estimator ${est.name} has no predictProba`);
    return est.predictProba(asMatrix(X));
  }

  /** Score of the refitted best estimator on (X, y) with the refit metric's scorer. */
  score(X: XInput, y: YInput): number {
    const est = this.bestEstimator;
    const metric = this.refitMetricName ?? (this.multimetric ? undefined : 'score');
    if (metric === undefined || !this.scorerNames) {
      throw new ValidationError('score: refit is a function with several metrics, so no metric is the search\'s own; call getScorer(name).fn(search.bestEstimator, X, y) with the metric you want');
    }
    return getScorer(this.scorerNames[metric]!).fn(est, asMatrix(X), asLabels(y));
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
  }

  private refitBest(data: DataSet, seed: number): void {
    const est = this.estimator.clone() as Estimator;
    est.setParams(this.bestParams!);
    // seed what the candidate leaves unseeded exactly as fitAndScore does (Pipeline steps included)
    const p = est.getParams();
    const seeded = paramsWithSeed(p, deriveSeed(seed, 'refit'));
    est.setParams(Object.fromEntries(Object.entries(seeded).filter(([k, v]) => v !== p[k])));
    const t0 = performance.now();
    if (est.fitIndexed) est.fitIndexed(data, Int32Array.from({ length: data.X.rows }, (_, i) => i));
    else est.fit(data.X, data.y);
    this.refitTime = (performance.now() - t0) / 1000;
    this.best = est;
  }

  private warnFailures(evaluator: CandidateEvaluator): void {
    const f = evaluator.failures;
    if (f.length === 0) return;
    const total = evaluator.columns.candidates * (this.nSplits ?? 0);
    const lines = f.slice(0, 5).map((x) => `  ${describeFailure(x, evaluator.candidates)}`);
    const more = f.length > 5 ? `\n  … and ${f.length - 5} more (see search.failures)` : '';
    process.emitWarning(`${f.length} of ${total} fits failed and scored errorScore (${String(this.options.errorScore ?? NaN)}):\n${lines.join('\n')}${more}`, 'FitFailedWarning');
  }
}
