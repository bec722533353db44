/**
 * `makeScorer`: scikit-learn's `make_scorer` — turns a metric `(yTrue, yPred, options)`
 * into a Scorer `(fittedEstimator, X, y) => number`, with the sign flipped for losses.
 */
import type { Labels, Matrix } from '../data/matrix.js';
import type { Estimator } from '../estimators/estimator.js';
import type { ClassLabel } from '../estimators/class-labels.js';
import { ValidationError } from '../errors.js';
import { labelIndex } from './label-input.js';
import type { Scorer, ScorerNeeds } from './scorer.js';
import { probaInput, thresholdInput } from './scorer-inputs.js';

/** Scorer settings of `makeScorer`; every other key is passed to the metric as its options. */
export interface MakeScorerOptions {
  /** false for losses: the scorer returns the metric negated (default true). */
  greaterIsBetter?: boolean;
  /**
   * What the metric takes (default 'predict'): 'predict' → predicted labels/values;
   * 'proba' → predictProba (a Float64Array of the positive class on a binary target, else the
   * Matrix); 'decision' → binary scores from decisionFunction, else predictProba's positive column.
   */
  needs?: ScorerNeeds;
  /** Mark a metric that only makes sense for classifiers (the search rejects regressors early). */
  classifierOnly?: boolean;
  /** One line shown by listings. */
  doc?: string;
}

const SCORER_KEYS = new Set(['greaterIsBetter', 'needs', 'classifierOnly', 'doc']);

/** A metric on predicted labels or values: `f1Score`, `r2Score`, or a user function. */
export type PredictMetric<O> = (yTrue: Labels, yPred: Labels, options: O) => number;
/** A metric on probabilities or scores: `logLoss`, `rocAucScore`, or a user function. */
export type ScoreMetric<O> = (yTrue: Labels, yScore: Float64Array | Matrix, options: O) => number;

/**
 * Builds a Scorer from an estimator-level function; the sign is applied here. Used by
 * `makeScorer` and by the built-in scorers (which also pass the estimator's classes).
 */
export function scorerFrom(
  name: string,
  needs: ScorerNeeds,
  compute: (est: Estimator, X: Matrix, y: Labels) => number,
  meta: Omit<MakeScorerOptions, 'needs'> = {},
): Scorer {
  const sign = meta.greaterIsBetter === false ? -1 : 1;
  const scorer: Scorer = { name, needs, fn: (est, X, y) => sign * compute(est, X, y), greaterIsBetter: sign === 1 };
  if (meta.classifierOnly) scorer.classifierOnly = true;
  if (meta.doc !== undefined) scorer.doc = meta.doc;
  return scorer;
}

/**
 * scikit-learn's `make_scorer`: `makeScorer('f2', fbeta2, { average: 'macro' })` or
 * `makeScorer('neg_brier', brier, { needs: 'proba', greaterIsBetter: false })`. Keys other
 * than the scorer settings are the metric's options. Pass the result to `registerScorer` to
 * use it by name (in worker threads too: register it in a module the executor loads), or
 * its `fn` directly as a search's `scoring`.
 */
export function makeScorer<const N extends string, O>(
  name: N,
  metric: PredictMetric<O>,
  options?: MakeScorerOptions & { needs?: 'predict' } & NoInfer<NonNullable<O>>,
): Scorer<N>;
export function makeScorer<const N extends string, O>(
  name: N,
  metric: ScoreMetric<O>,
  options: MakeScorerOptions & { needs: 'proba' | 'decision' } & NoInfer<NonNullable<O>>,
): Scorer<N>;
export function makeScorer(
  name: string,
  metric: (yTrue: Labels, yPred: never, options: Record<string, unknown>) => number,
  options: MakeScorerOptions & Record<string, unknown> = {},
): Scorer {
  if (typeof name !== 'string' || name.length === 0) throw new ValidationError('makeScorer: name must be a non-empty string');
  if (typeof metric !== 'function') throw new ValidationError(`makeScorer('${name}'): metric must be a function (yTrue, yPred, options) => number`);
  const needs = options.needs ?? 'predict';
  if (needs !== 'predict' && needs !== 'proba' && needs !== 'decision') {
    throw new ValidationError(`makeScorer('${name}'): needs must be 'predict', 'proba' or 'decision', got ${JSON.stringify(needs)}`);
  }
  const kwargs: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(options)) if (!SCORER_KEYS.has(k)) kwargs[k] = v;
  const posLabel = typeof kwargs.posLabel === 'number' ? kwargs.posLabel : undefined;
  // scorers see the estimators' numeric labels: a class name as posLabel is an error, not silently the default
  // (a search on string labels first resolves it against its classes: forClasses below)
  const checkPosLabel = (): void => {
    if (kwargs.posLabel !== undefined && posLabel === undefined) labelIndex(`makeScorer('${name}')`, 'posLabel', undefined, kwargs.posLabel as ClassLabel);
  };
  const call = metric as (yTrue: Labels, yPred: unknown, options: Record<string, unknown>) => number;
  const compute =
    needs === 'predict'
      ? (est: Estimator, X: Matrix, y: Labels) => call(y, est.predict(X), kwargs)
      : needs === 'proba'
        ? (est: Estimator, X: Matrix, y: Labels) => (checkPosLabel(), call(y, probaInput(name, est, X, y, posLabel).scores, kwargs))
        : (est: Estimator, X: Matrix, y: Labels) => (checkPosLabel(), call(y, thresholdInput(name, est, X, y, posLabel), kwargs));
  const { greaterIsBetter, classifierOnly, doc } = options;
  const scorer = scorerFrom(name, needs, compute, { greaterIsBetter, classifierOnly, doc });
  const labels = Array.isArray(kwargs.labels) ? (kwargs.labels as unknown[]) : undefined;
  if (isName(kwargs.posLabel) || labels?.some(isName)) {
    // scikit-learn's scorers see the original labels; ours see class indices: names become indices of the search's classes
    scorer.forClasses = (classes) => {
      const where = `scorer '${name}'`;
      const resolved: Record<string, unknown> = { ...options };
      if (isName(kwargs.posLabel)) resolved.posLabel = classIndex(where, 'posLabel', classes, kwargs.posLabel);
      if (labels) resolved.labels = labels.map((l) => (isName(l) ? classIndex(where, 'labels', classes, l) : l));
      return makeScorer(name, metric as PredictMetric<unknown>, resolved as MakeScorerOptions & { needs?: 'predict' });
    };
  }
  return scorer;
}

function isName(v: unknown): v is string | boolean {
  return typeof v === 'string' || typeof v === 'boolean';
}

/** The index of class `label` among a search's `classes`; a ValidationError naming the label and the classes otherwise. */
function classIndex(where: string, option: string, classes: readonly ClassLabel[] | undefined, label: string | boolean): number {
  if (classes === undefined) {
    throw new ValidationError(
      `${where}: ${option}=${JSON.stringify(label)} names a class, but the search's labels are numbers; give the numeric label, or fit on the class names`,
    );
  }
  const i = classes.indexOf(label);
  if (i < 0) {
    throw new ValidationError(
      `${where}: ${option}=${JSON.stringify(label)} is not one of the search's classes: ${classes.map((c) => JSON.stringify(c)).join(', ')}; give one of them`,
    );
  }
  return i;
}
