/**
 * Precision, recall and F-scores with scikit-learn 1.2.1's semantics
 * (`precision_recall_fscore_support` and the functions built on it): `average`
 * 'binary' | 'micro' | 'macro' | 'weighted', `posLabel`, and `zeroDivision`
 * ('warn' → 0 with an UndefinedMetricWarning, as scikit-learn's default).
 * Hand-written: no maintained JS library implements these averaging and ill-defined rules.
 */
import type { Labels } from '../data/matrix.js';
import type { ClassLabel } from '../estimators/class-labels.js';
import { labelIndex, labelPair, type MetricLabels } from './label-input.js';
import { ValidationError } from '../errors.js';
import { checkClassificationTargets, encode, fmtLabels, uniqueSorted } from './targets.js';
import { warnOnce } from './warnings.js';

/** How per-class scores are combined; null gives per-class values (precisionRecallFscoreSupport only). */
export type Average = 'binary' | 'micro' | 'macro' | 'weighted';

/** Value used where a ratio divides by zero: 'warn' means 0 with a warning. */
export type ZeroDivision = 'warn' | 0 | 1;

/** Options of `f1Score`, `precisionScore`, `recallScore`, `fbetaScore`. */
export interface PrfOptions {
  /** Default 'binary': report the class `posLabel` only (binary targets). */
  average?: Average;
  /** The positive class with average 'binary' (default 1; with class names, required, as in scikit-learn). */
  posLabel?: ClassLabel;
  /** Labels to include (and their order); default: the sorted labels in yTrue and yPred. */
  labels?: ArrayLike<number> | readonly ClassLabel[];
  /** Default 'warn'. */
  zeroDivision?: ZeroDivision;
}

/** Per-class (average null) or averaged results of `precisionRecallFscoreSupport`. */
export interface PrfResult<T> {
  precision: T;
  recall: T;
  fscore: T;
  /** Number of true samples per class; undefined when averaged. */
  support: T extends number ? undefined : Float64Array;
}

type WarnFor = readonly ('precision' | 'recall' | 'f-score')[];

function checkOptions(fn: string, average: unknown, zeroDivision: unknown, beta: number): void {
  if (average !== null && !['binary', 'micro', 'macro', 'weighted'].includes(average as string)) {
    throw new ValidationError(
      `${fn}: average must be one of 'binary', 'micro', 'macro', 'weighted' (or null for per-class values), got ${JSON.stringify(average)}`,
    );
  }
  if (zeroDivision !== 'warn' && zeroDivision !== 0 && zeroDivision !== 1) {
    throw new ValidationError(`${fn}: zeroDivision must be 'warn', 0 or 1, got ${JSON.stringify(zeroDivision)}`);
  }
  if (!(beta >= 0)) throw new ValidationError(`${fn}: beta must be ≥ 0 for the F-beta score, got ${beta}`);
}

/** scikit-learn's `_check_set_wise_labels`: the labels to score for the given average. */
function setWiseLabels(
  fn: string,
  yTrue: Labels,
  yPred: Labels,
  average: Average | null,
  labels: ArrayLike<number> | undefined,
  posLabel: number,
): Float64Array {
  const type = checkClassificationTargets(fn, yTrue, yPred);
  const present = uniqueSorted(yTrue, yPred);
  if (average === 'binary') {
    if (type !== 'binary') {
      throw new ValidationError(
        `${fn}: target is multiclass (labels ${fmtLabels(present)}) but average='binary'; choose another average: 'micro', 'macro' or 'weighted'`,
      );
    }
    if (!present.includes(posLabel) && present.length >= 2) {
      throw new ValidationError(`${fn}: posLabel=${posLabel} is not a valid label; it should be one of ${fmtLabels(present)}`);
    }
    return Float64Array.of(posLabel);
  }
  if (posLabel !== 1) {
    warnOnce(
      'UserWarning',
      `Note that pos_label (set to ${posLabel}) is ignored when average != 'binary' (got '${average}'). You may use labels=[pos_label] to specify a single positive class.`,
    );
  }
  return labels === undefined ? present : Float64Array.from(labels);
}

function prfWarning(modifier: string, msgStart: string, size: number): void {
  const where = size === 1 ? 'due to' : 'in labels with';
  warnOnce(
    'UndefinedMetricWarning',
    `${msgStart} ill-defined and being set to 0.0 ${where} no ${modifier} samples. Use \`zero_division\` parameter to control this behavior.`,
  );
}

/** scikit-learn's `_prf_divide`: num / den, with zeroDivision where den is 0. */
function prfDivide(
  num: Float64Array,
  den: Float64Array,
  metric: 'precision' | 'recall',
  modifier: string,
  warnFor: WarnFor,
  zeroDivision: ZeroDivision,
): Float64Array {
  const out = new Float64Array(num.length);
  let anyZero = false;
  for (let i = 0; i < num.length; i++) {
    if (den[i] === 0) {
      anyZero = true;
      out[i] = zeroDivision === 1 ? 1 : 0;
    } else {
      out[i] = num[i]! / den[i]!;
    }
  }
  if (anyZero && zeroDivision === 'warn' && warnFor.includes(metric)) {
    const title = metric === 'precision' ? 'Precision' : 'Recall';
    prfWarning(modifier, warnFor.includes('f-score') ? `${title} and F-score are` : `${title} is`, num.length);
  }
  return out;
}

function mean(a: Float64Array, w?: Float64Array): number {
  let s = 0;
  let sw = 0;
  for (let i = 0; i < a.length; i++) {
    const wi = w ? w[i]! : 1;
    s += a[i]! * wi;
    sw += wi;
  }
  return s / sw;
}

/** The implementation behind every function of this module; `warnFor` as scikit-learn's. */
function prfs(
  fn: string,
  yTrueIn: MetricLabels,
  yPredIn: MetricLabels,
  beta: number,
  opts: Omit<PrfOptions, 'average'> & { average: Average | null },
  warnFor: WarnFor,
): PrfResult<number> | PrfResult<Float64Array> {
  const average = opts.average;
  const zeroDivision = opts.zeroDivision ?? 'warn';
  const { yTrue, yPred, names } = labelPair(fn, yTrueIn, yPredIn);
  if (names && average === 'binary' && opts.posLabel === undefined) {
    throw new ValidationError(
      `${fn}: posLabel=1 is not a valid label; it should be one of ${names.map((n) => JSON.stringify(n)).join(', ')} (with class names give posLabel, the positive class, as scikit-learn requires)`,
    );
  }
  const posLabel = opts.posLabel === undefined ? 1 : labelIndex(fn, 'posLabel', names, opts.posLabel);
  const optLabels =
    opts.labels === undefined ? undefined : Float64Array.from(Array.from(opts.labels as ArrayLike<ClassLabel>), (l) => labelIndex(fn, 'labels', names, l));
  checkOptions(fn, average, zeroDivision, beta);
  const labels = setWiseLabels(fn, yTrue, yPred, average, optLabels, posLabel);
  const k = labels.length;
  const t = encode(yTrue, labels);
  const p = encode(yPred, labels);
  let tp: Float64Array = new Float64Array(k);
  let predSum: Float64Array = new Float64Array(k);
  let trueSum: Float64Array = new Float64Array(k);
  for (let i = 0; i < t.length; i++) {
    if (t[i]! >= 0) trueSum[t[i]!]!++;
    if (p[i]! >= 0) predSum[p[i]!]!++;
    if (t[i]! >= 0 && t[i] === p[i]) tp[t[i]!]!++;
  }
  if (average === 'micro') {
    const sum = (a: Float64Array): Float64Array => Float64Array.of(a.reduce((x, y) => x + y, 0));
    tp = sum(tp);
    predSum = sum(predSum);
    trueSum = sum(trueSum);
  }
  const beta2 = beta * beta;
  const precision = prfDivide(tp, predSum, 'precision', 'predicted', warnFor, zeroDivision);
  const recall = prfDivide(tp, trueSum, 'recall', 'true', warnFor, zeroDivision);
  if (zeroDivision === 'warn' && warnFor.length === 1 && warnFor[0] === 'f-score') {
    if (trueSum.some((ts, i) => ts === 0 && predSum[i] === 0)) prfWarning('true nor predicted', 'F-score is', trueSum.length);
  }
  const fscore = new Float64Array(precision.length);
  for (let i = 0; i < fscore.length; i++) {
    if (beta === Infinity) {
      fscore[i] = recall[i]!;
    } else {
      let denom = beta2 * precision[i]! + recall[i]!;
      if (denom === 0) denom = 1;
      fscore[i] = ((1 + beta2) * precision[i]! * recall[i]!) / denom;
    }
  }
  if (average === null) return { precision, recall, fscore, support: trueSum };
  let weights: Float64Array | undefined;
  if (average === 'weighted') {
    weights = trueSum;
    if (trueSum.reduce((a, b) => a + b, 0) === 0) {
      const zd = zeroDivision === 1 ? 1 : 0;
      if (predSum.reduce((a, b) => a + b, 0) === 0) return { precision: zd, recall: zd, fscore: zd, support: undefined };
      return { precision: 0, recall: zd, fscore: 0, support: undefined };
    }
  }
  return { precision: mean(precision, weights), recall: mean(recall, weights), fscore: mean(fscore, weights), support: undefined };
}

/** Options of `precisionRecallFscoreSupport`: `average: null` (default) gives per-class arrays. */
export interface PrfsOptions extends Omit<PrfOptions, 'average'> {
  average?: Average | null;
  /** Weight of recall in the F-score (default 1). */
  beta?: number;
}

/**
 * scikit-learn's `precision_recall_fscore_support`: per-class precision, recall,
 * F-beta and support (labels in `options.labels` order, default sorted), or averages.
 */
export function precisionRecallFscoreSupport(yTrue: MetricLabels, yPred: MetricLabels, options: PrfsOptions & { average: Average }): PrfResult<number>;
export function precisionRecallFscoreSupport(yTrue: MetricLabels, yPred: MetricLabels, options?: PrfsOptions & { average?: null }): PrfResult<Float64Array>;
export function precisionRecallFscoreSupport(yTrue: MetricLabels, yPred: MetricLabels, options: PrfsOptions = {}): PrfResult<number> | PrfResult<Float64Array> {
  return prfs('precisionRecallFscoreSupport', yTrue, yPred, options.beta ?? 1, { ...options, average: options.average ?? null }, [
    'precision',
    'recall',
    'f-score',
  ]);
}

/** scikit-learn's `fbeta_score`: the weighted harmonic mean of precision and recall (recall weighted by beta). */
export function fbetaScore(yTrue: MetricLabels, yPred: MetricLabels, beta: number, options: PrfOptions = {}): number {
  return prfs('fbetaScore', yTrue, yPred, beta, { ...options, average: options.average ?? 'binary' }, ['f-score']).fscore as number;
}

/** scikit-learn's `f1_score`: harmonic mean of precision and recall; `average` defaults to 'binary'. */
export function f1Score(yTrue: MetricLabels, yPred: MetricLabels, options: PrfOptions = {}): number {
  return prfs('f1Score', yTrue, yPred, 1, { ...options, average: options.average ?? 'binary' }, ['f-score']).fscore as number;
}

/** scikit-learn's `precision_score`: tp / (tp + fp); `average` defaults to 'binary'. */
export function precisionScore(yTrue: MetricLabels, yPred: MetricLabels, options: PrfOptions = {}): number {
  return prfs('precisionScore', yTrue, yPred, 1, { ...options, average: options.average ?? 'binary' }, ['precision']).precision as number;
}

/** scikit-learn's `recall_score`: tp / (tp + fn); `average` defaults to 'binary'. */
export function recallScore(yTrue: MetricLabels, yPred: MetricLabels, options: PrfOptions = {}): number {
  return prfs('recallScore', yTrue, yPred, 1, { ...options, average: options.average ?? 'binary' }, ['recall']).recall as number;
}
