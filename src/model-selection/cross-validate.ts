/**
 * `crossValidate` / `crossValScore`: scikit-learn's `cross_validate` / `cross_val_score`.
 * One candidate (the estimator's own parameters) through the search's machinery — the same
 * jobs, the same `CandidateEvaluator`, `fitAndScore` running every fit on any executor — so a
 * split's score here equals the search's score for that candidate and split.
 */
import { randomInt } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { makeDataSet } from '../data/dataset.js';
import { takeLabels, takeRows } from '../data/matrix.js';
import { encodeTarget, type ClassLabel, type TargetInput } from '../estimators/class-labels.js';
import type { Estimator, Params } from '../estimators/estimator.js';
import { didYouMean } from '../estimators/suggest.js';
import { ValidationError } from '../errors.js';
import type { Executor } from '../executors/executor.js';
import { paramsWithSeed } from '../jobs/fit-and-score.js';
import { deriveSeed, jobKey } from '../jobs/job-key.js';
import type { FitResult } from '../jobs/types.js';
import { CandidateEvaluator } from '../search/evaluator.js';
import { emitFitFailedWarning } from '../search/fit-failed-warning.js';
import { checkScorers, resolveScoring } from '../search/scoring.js';
import type { MetricsOf, ScorerRef, ScoringOption, TrainOf } from '../search/types.js';
import { asMatrix, checkXy, type XInput } from '../search/validate-data.js';
import { checkCv, type CvOption } from '../split/check-cv.js';

/** Options of `crossValidate` (scikit-learn's `cross_validate` arguments, camelCased). */
export interface CrossValidateOptions {
  /** Fold count, splitter or explicit folds (default 5; stratified for classifiers, unshuffled). */
  cv?: CvOption;
  /** One scorer (keys `test_score` …), a list or a record (keys `test_<metric>` …); default the estimator's own score. */
  scoring?: ScoringOption;
  /** Also score the train rows (`train_<metric>` keys; default false). */
  returnTrainScore?: boolean;
  /**
   * Also return each split's fitted estimator (`estimator` key; default false). Executors send
   * scores, not models, back from their threads or hosts, so these are fitted here, in this
   * thread, on each split's train rows with the parameters and seed of that split's job: the
   * same model that was scored, at the cost of one more fit per split.
   */
  returnEstimator?: boolean;
  /** Where the fits run (default: a worker-thread pool, closed when done; one you pass is never closed). */
  executor?: Executor;
  /** Group labels for group-aware splitters (GroupKFold …), one per row. */
  groups?: ArrayLike<number>;
  /** Score of a failing fit (default NaN, with one FitFailedWarning), or 'raise'. */
  errorScore?: number | 'raise';
  /** Seeds the estimator where its randomState is null (each split gets a seed derived from it); default random. */
  randomState?: number;
}

/**
 * What `crossValidate` returns: scikit-learn's keys — `fit_time`, `score_time`, `test_<metric>`
 * (`test_score` for one metric), `train_<metric>` with returnTrainScore, `estimator` with
 * returnEstimator — one value per split.
 */
export type CrossValidateResult<E, O> = {
  readonly fit_time: Float64Array;
  readonly score_time: Float64Array;
} & { readonly [K in MetricsOf<O> as `test_${K}`]: Float64Array } & ([TrainOf<O>] extends [false]
    ? unknown
    : { readonly [K in MetricsOf<O> as `train_${K}`]: Float64Array }) &
  (O extends { returnEstimator: true } ? { readonly estimator: E[] } : unknown);

const OPTION_NAMES = ['cv', 'scoring', 'returnTrainScore', 'returnEstimator', 'executor', 'groups', 'errorScore', 'randomState'];

function checkOptions(o: CrossValidateOptions): void {
  for (const k of Object.keys(o)) {
    if (!OPTION_NAMES.includes(k)) {
      const hint = didYouMean(k, OPTION_NAMES);
      throw new ValidationError(`crossValidate: unknown option '${k}'${hint}; valid options: ${[...OPTION_NAMES].sort().join(', ')}`);
    }
  }
  if (o.errorScore !== undefined && o.errorScore !== 'raise' && typeof o.errorScore !== 'number') {
    throw new ValidationError(`crossValidate: errorScore must be a number or 'raise', got ${JSON.stringify(o.errorScore)}`);
  }
  if (o.randomState !== undefined && !Number.isInteger(o.randomState))
    throw new ValidationError(`crossValidate: randomState must be an integer, got ${String(o.randomState)}`);
}

/**
 * scikit-learn's `cross_validate`: fits and scores `estimator` on each split of `cv` through an
 * executor, returning per-split times and scores under scikit-learn's keys. A classifier's y
 * may hold strings or booleans (encoded as sorted classes, as scikit-learn does).
 */
export async function crossValidate<E extends Estimator, const O extends CrossValidateOptions = {}>(
  estimator: E,
  X: XInput,
  y: TargetInput,
  options?: O,
): Promise<CrossValidateResult<E, O>> {
  const o: CrossValidateOptions = options ?? {};
  checkOptions(o);
  const Xm = asMatrix(X);
  const { y: ym } = encodeTarget('crossValidate', y, estimator.kind);
  checkXy(Xm, ym, estimator.kind, o.groups);
  const { scoring } = resolveScoring(o.scoring, estimator);
  checkScorers(scoring, estimator);
  const splitter = checkCv(o.cv, estimator.kind === 'regressor' ? 'regressor' : 'classifier', ym);
  const folds = [...splitter.split(Xm, ym, o.groups)];
  if (folds.length === 0) throw new ValidationError('crossValidate: cv produced no folds; give at least one train/test split');
  const seed = o.randomState ?? randomInt(0, 2 ** 31 - 1);
  const errorScore = o.errorScore ?? NaN;
  const returnTrainScore = o.returnTrainScore ?? false;
  const data = makeDataSet(Xm, ym);
  const executor = o.executor ?? (await import('../executors/default.js')).createDefaultExecutor();
  const metrics = Object.keys(scoring);
  const events = new EventEmitter();
  const bySplit: (FitResult | undefined)[] = new Array(folds.length);
  events.on('result', (r: FitResult) => {
    bySplit[r.splitIndex] = r;
  });
  const evaluator = new CandidateEvaluator({
    estimator,
    data,
    folds,
    scoring,
    returnTrainScore,
    errorScore,
    seed,
    executor,
    progressMetric: metrics[0]!,
    events,
  });
  let results: FitResult[];
  try {
    await evaluator.evaluate([{}]);
    // identical folds share one job (and so one result): each split takes the result of its job key
    results = folds.map((_, s) => {
      const same = (a: Int32Array, b: Int32Array): boolean => a.length === b.length && a.every((v, i) => v === b[i]);
      const twin = folds.findIndex((f, t) => bySplit[t] !== undefined && same(f.train, folds[s]!.train) && same(f.test, folds[s]!.test));
      const r = bySplit[s] ?? bySplit[twin];
      if (!r) throw new Error(`crossValidate: split ${s} has no result`);
      return r;
    });
  } finally {
    evaluator.close();
    if (!o.executor) await executor.close();
  }
  const failures = evaluator.failures;
  emitFitFailedWarning(failures, results.length, errorScore, evaluator.candidates);
  evaluator.warnings.emit(results.length);
  const column = (pick: (r: FitResult) => number): Float64Array => Float64Array.from(results, pick);
  const score = (r: FitResult, metric: string, which: 'testScores' | 'trainScores'): number =>
    r.ok ? (r[which]?.[metric] ?? (errorScore as number)) : (errorScore as number);
  const out: Record<string, Float64Array | Estimator[]> = {
    fit_time: column((r) => r.fitTime),
    score_time: column((r) => r.scoreTime),
  };
  for (const m of metrics) out[`test_${m}`] = column((r) => score(r, m, 'testScores'));
  if (returnTrainScore) for (const m of metrics) out[`train_${m}`] = column((r) => score(r, m, 'trainScores'));
  if (o.returnEstimator) {
    const params = estimator.getParams();
    out.estimator = folds.map((fold) => {
      // the seed fitAndScore applied to this split's job (evaluator: deriveSeed(seed, jobKey(…)))
      const key = jobKey({ dataId: data.id, estimatorName: estimator.name, params, train: fold.train, test: fold.test, scoring, returnTrainScore });
      const est = estimator.clone() as E;
      const seeded = paramsWithSeed(params, deriveSeed(seed, key));
      est.setParams(Object.fromEntries(Object.entries(seeded).filter(([k, v]) => v !== params[k])) as Params);
      if (est.fitIndexed) est.fitIndexed(data, fold.train);
      else est.fit(takeRows(data.X, fold.train), takeLabels(data.y, fold.train));
      return est;
    });
  }
  return out as unknown as CrossValidateResult<E, O>;
}

/** Options of `crossValScore`: crossValidate's, with one scorer. */
export interface CrossValScoreOptions extends Omit<CrossValidateOptions, 'scoring' | 'returnTrainScore' | 'returnEstimator'> {
  /** One scorer: a scoring string, a function or a Scorer (default the estimator's own score). */
  scoring?: ScorerRef;
}

/** scikit-learn's `cross_val_score`: the test score of each split (crossValidate's `test_score`). */
export async function crossValScore(estimator: Estimator, X: XInput, y: TargetInput<ClassLabel>, options: CrossValScoreOptions = {}): Promise<Float64Array> {
  if (Array.isArray(options.scoring) || (typeof options.scoring === 'object' && options.scoring !== null && !('fn' in options.scoring))) {
    throw new ValidationError('crossValScore: scoring must be one scorer; use crossValidate for several metrics');
  }
  const r = await crossValidate(estimator, X, y, { ...options, scoring: options.scoring });
  return (r as unknown as Record<string, Float64Array>).test_score!;
}
