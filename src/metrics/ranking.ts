/**
 * Score-based (ranking) metrics with scikit-learn 1.2.1's semantics: `rocAucScore`
 * (binary; multiclass one-vs-rest and one-vs-one — Hand & Till — from probabilities)
 * and `averagePrecisionScore` (binary, the step-wise, non-interpolated definition).
 * Hand-written: no maintained JS library implements these definitions.
 */
import type { Labels, Matrix } from '../data/matrix.js';
import { column } from '../data/matrix.js';
import { ValidationError } from '../errors.js';
import type { ClassLabel } from '../estimators/class-labels.js';
import { auc, precisionRecallCurve, rocCurve } from './curves.js';
import { labelIndex, namedTarget, type MetricLabels } from './label-input.js';
import { checkClassLabels, checkRows, checkSameLength, encode, fmtLabels, isMatrix, uniqueSorted } from './targets.js';

/** Options of `rocAucScore`. */
export interface RocAucOptions {
  /** Multiclass strategy: 'ovr' (one-vs-rest) or 'ovo' (one-vs-one); required for multiclass targets. */
  multiClass?: 'raise' | 'ovr' | 'ovo';
  /** Multiclass averaging: 'macro' (default), 'weighted' (by prevalence), or 'micro' (ovr only). */
  average?: 'macro' | 'weighted' | 'micro';
  /** Multiclass: the classes of the columns of yScore, sorted (numbers, or class names as yTrue holds); default: the classes in yTrue. */
  labels?: ArrayLike<number> | readonly ClassLabel[];
  /** Binary: standardised partial AUC up to this false positive rate (McClish correction). */
  maxFpr?: number;
}

const ONE_CLASS = 'only one class present in yTrue; ROC AUC is not defined in that case (each class needs at least one sample)';

/** AUC of a 0/1 target against scores (scikit-learn's `_binary_roc_auc_score`). */
function binaryRocAuc(fn: string, y01: Float64Array, score: Float64Array, maxFpr?: number): number {
  if (uniqueSorted(y01).length !== 2) throw new ValidationError(`${fn}: ${ONE_CLASS}`);
  const { fpr, tpr } = rocCurve(y01, score);
  if (maxFpr === undefined || maxFpr === 1) return auc(fpr, tpr);
  if (!(maxFpr > 0 && maxFpr <= 1)) throw new ValidationError(`${fn}: maxFpr must be in (0, 1], got ${maxFpr}`);
  let stop = 0;
  while (stop < fpr.length && fpr[stop]! <= maxFpr) stop++;
  const x0 = fpr[stop - 1]!;
  const x1 = fpr[stop]!;
  const yAt = x1 === x0 ? tpr[stop - 1]! : tpr[stop - 1]! + ((maxFpr - x0) * (tpr[stop]! - tpr[stop - 1]!)) / (x1 - x0);
  const xs = [...fpr.subarray(0, stop), maxFpr];
  const ys = [...tpr.subarray(0, stop), yAt];
  const partial = auc(xs, ys);
  const minArea = 0.5 * maxFpr ** 2;
  return 0.5 * (1 + (partial - minArea) / (maxFpr - minArea));
}

/** The score column to use for a binary problem: a 1-D array, or column 1 of a 2-column matrix. */
function binaryScores(fn: string, yScore: Float64Array | Matrix, n: number): Float64Array {
  if (!isMatrix(yScore)) {
    checkSameLength(fn, 'yTrue', { length: n }, 'yScore', yScore);
    return yScore;
  }
  checkRows(fn, 'yScore', yScore, n);
  if (yScore.cols === 1) return column(yScore, 0);
  if (yScore.cols === 2) return column(yScore, 1);
  throw new ValidationError(`${fn}: yScore has ${yScore.cols} columns for a binary target; pass the positive class's scores`);
}

/**
 * scikit-learn's `roc_auc_score`. Binary: `yScore` is a Float64Array of scores for the
 * greater label (or a 2-column probability matrix, whose column 1 is used). Multiclass:
 * `yScore` is a probability Matrix, one column per class in sorted-class order (rows sum
 * to 1), and `multiClass` is 'ovr' or 'ovo'. Tied scores count as half-ordered (trapezoid).
 * yTrue may hold class names (`['no', 'yes', …]`): as scikit-learn, the greater name is the
 * positive class of a binary target, and `labels` may name the columns' classes.
 */
export function rocAucScore(yTrueIn: MetricLabels, yScore: Float64Array | Matrix, options: RocAucOptions = {}): number {
  const fn = 'rocAucScore';
  const named = namedTarget(fn, yTrueIn, { labels: options.labels });
  const yTrue = named.yTrue;
  if (named.names && named.labels) {
    const idx = named.labels;
    if (idx.some((v, i) => i > 0 && v <= idx[i - 1]!)) {
      const given = Array.from(options.labels as readonly ClassLabel[], (l) => JSON.stringify(l)).join(', ');
      throw new ValidationError(`${fn}: 'labels' must be unique and sorted, got ${given}`);
    }
    options = { ...options, labels: idx };
  }
  const type = checkClassLabels(fn, 'yTrue', yTrue);
  const n = yTrue.length;
  if (type === 'multiclass' || (isMatrix(yScore) && yScore.cols > 2)) {
    if (!isMatrix(yScore)) {
      throw new ValidationError(
        `${fn}: yTrue is multiclass; pass yScore as a probability Matrix with one column per class (sorted class order) and multiClass 'ovr' or 'ovo'`,
      );
    }
    if (options.maxFpr !== undefined && options.maxFpr !== 1) {
      throw new ValidationError(`${fn}: partial AUC (maxFpr=${options.maxFpr}) is not available for multiclass targets; leave maxFpr unset`);
    }
    return multiclassRocAuc(fn, yTrue, yScore, options);
  }
  const classes = uniqueSorted(yTrue);
  const score = binaryScores(fn, yScore, n);
  const y01 = Float64Array.from(yTrue, (v) => (classes.length === 2 && v === classes[1] ? 1 : 0));
  if (classes.length < 2) throw new ValidationError(`${fn}: ${ONE_CLASS}`);
  return binaryRocAuc(fn, y01, score, options.maxFpr);
}

function multiclassRocAuc(fn: string, yTrue: Labels, P: Matrix, options: RocAucOptions): number {
  checkRows(fn, 'yScore', P, yTrue.length);
  const k = P.cols;
  for (let i = 0; i < P.rows; i++) {
    let s = 0;
    for (let j = 0; j < k; j++) s += P.data[i * k + j]!;
    if (!(Math.abs(1 - s) <= 1e-8 + 1e-5 * Math.abs(s))) {
      throw new ValidationError(`${fn}: row ${i} of yScore sums to ${s}; multiclass ROC AUC needs probabilities that sum to 1 over classes (use predictProba)`);
    }
  }
  const multiClass = options.multiClass ?? 'raise';
  const average = options.average ?? 'macro';
  if (multiClass !== 'ovr' && multiClass !== 'ovo') {
    throw new ValidationError(`${fn}: the target is multiclass, so multiClass must be 'ovr' or 'ovo', got '${multiClass}'`);
  }
  const allowed = multiClass === 'ovr' ? ['micro', 'macro', 'weighted'] : ['macro', 'weighted'];
  if (!allowed.includes(average))
    throw new ValidationError(`${fn}: average must be one of ${allowed.join(', ')} for multiClass '${multiClass}', got '${average}'`);
  let classes: Float64Array;
  if (options.labels !== undefined) {
    classes = Float64Array.from(options.labels as ArrayLike<number>);
    const u = uniqueSorted(classes);
    if (u.length !== classes.length) throw new ValidationError(`${fn}: 'labels' must be unique, got ${fmtLabels(classes)}`);
    if (!u.every((v, i) => v === classes[i])) throw new ValidationError(`${fn}: 'labels' must be sorted, got ${fmtLabels(classes)}`);
    if (classes.length !== k) throw new ValidationError(`${fn}: ${classes.length} labels given but yScore has ${k} columns`);
    const bad = uniqueSorted(yTrue).filter((v) => !classes.includes(v));
    if (bad.length > 0) throw new ValidationError(`${fn}: yTrue contains labels ${fmtLabels(bad)} that are not in 'labels' ${fmtLabels(classes)}`);
  } else {
    classes = uniqueSorted(yTrue);
    if (classes.length !== k) {
      throw new ValidationError(
        `${fn}: yTrue has ${classes.length} classes ${fmtLabels(classes)} but yScore has ${k} columns; pass 'labels' with the class of each column`,
      );
    }
  }
  const codes = encode(yTrue, classes);
  return multiClass === 'ovo' ? ovoRocAuc(fn, codes, P, average === 'weighted') : ovrRocAuc(fn, codes, P, average);
}

/** One-vs-rest: each class against all others, averaged (scikit-learn's `_average_binary_score`). */
function ovrRocAuc(fn: string, codes: Int32Array, P: Matrix, average: 'macro' | 'weighted' | 'micro'): number {
  const n = codes.length;
  const k = P.cols;
  if (average === 'micro') {
    const y = new Float64Array(n * k);
    for (let i = 0; i < n; i++) y[i * k + codes[i]!] = 1;
    return binaryRocAuc(fn, y, P.data);
  }
  const counts = new Float64Array(k);
  for (let i = 0; i < n; i++) counts[codes[i]!]!++;
  if (average === 'weighted' && counts.every((c) => c === 0)) return 0;
  let sum = 0;
  let wSum = 0;
  for (let c = 0; c < k; c++) {
    const y = Float64Array.from(codes, (v) => (v === c ? 1 : 0));
    const w = average === 'weighted' ? counts[c]! : 1;
    const s = binaryRocAuc(fn, y, column(P, c));
    if (w === 0) continue;
    sum += s * w;
    wSum += w;
  }
  return sum / wSum;
}

/** One-vs-one (Hand & Till 2001): mean over class pairs of the two directed AUCs' mean. */
function ovoRocAuc(fn: string, codes: Int32Array, P: Matrix, weighted: boolean): number {
  const present = uniqueSorted(codes);
  const n = codes.length;
  const k = P.cols;
  let sum = 0;
  let wSum = 0;
  for (let ia = 0; ia < present.length; ia++) {
    for (let ib = ia + 1; ib < present.length; ib++) {
      const a = present[ia]!;
      const b = present[ib]!;
      const rows: number[] = [];
      for (let i = 0; i < n; i++) if (codes[i] === a || codes[i] === b) rows.push(i);
      const aTrue = Float64Array.from(rows, (i) => (codes[i] === a ? 1 : 0));
      const bTrue = Float64Array.from(rows, (i) => (codes[i] === b ? 1 : 0));
      const aScore = Float64Array.from(rows, (i) => P.data[i * k + a]!);
      const bScore = Float64Array.from(rows, (i) => P.data[i * k + b]!);
      const pair = (binaryRocAuc(fn, aTrue, aScore) + binaryRocAuc(fn, bTrue, bScore)) / 2;
      const w = weighted ? rows.length / n : 1;
      sum += pair * w;
      wSum += w;
    }
  }
  if (wSum === 0) throw new ValidationError(`${fn}: ${ONE_CLASS}`);
  return sum / wSum;
}

/** Options of `averagePrecisionScore`. */
export interface AveragePrecisionOptions {
  /** The positive class (default 1; with class names in yTrue, required — as scikit-learn). */
  posLabel?: ClassLabel;
}

/**
 * scikit-learn's `average_precision_score` for a binary target: Σ (Rₙ − Rₙ₋₁) Pₙ over
 * thresholds — the step-wise area under the precision-recall curve, not interpolated.
 * `yScore`: scores of the positive class (or a 2-column probability matrix, column 1 used).
 * yTrue may hold class names, with `posLabel` naming the positive one.
 */
export function averagePrecisionScore(yTrueIn: MetricLabels, yScore: Float64Array | Matrix, options: AveragePrecisionOptions = {}): number {
  const fn = 'averagePrecisionScore';
  const named = namedTarget(fn, yTrueIn, { posLabel: options.posLabel });
  const yTrue = named.yTrue;
  // scikit-learn's default pos_label=1 is not a class name: "pos_label=1 is not a valid label"
  if (named.names && named.posLabel === undefined) labelIndex(fn, 'posLabel', named.names, 1);
  const type = checkClassLabels(fn, 'yTrue', yTrue);
  if (type === 'multiclass') {
    throw new ValidationError(
      `${fn}: yTrue has ${uniqueSorted(yTrue).length} classes; average precision is defined here for binary targets only (scikit-learn 1.2.1: "multiclass format is not supported")`,
    );
  }
  const posLabel = named.posLabel ?? 1;
  const present = uniqueSorted(yTrue);
  if (present.length === 2 && !present.includes(posLabel)) {
    throw new ValidationError(`${fn}: posLabel=${posLabel} is not a valid label; it should be one of ${fmtLabels(present)}`);
  }
  const score = binaryScores(fn, yScore, yTrue.length);
  const { precision, recall } = precisionRecallCurve(yTrue, score, { posLabel });
  let ap = 0;
  for (let i = 0; i < recall.length - 1; i++) ap += (recall[i + 1]! - recall[i]!) * precision[i]!;
  return ap === 0 ? 0 : -ap;
}
