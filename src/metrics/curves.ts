/**
 * Threshold curves with scikit-learn 1.2.1's semantics: `rocCurve`,
 * `precisionRecallCurve`, `auc`, and the shared `binaryClfCurve` (one point per
 * distinct score, so tied scores move together — the tie handling of ROC AUC).
 * Hand-written: no maintained JS library reproduces these curves point for point.
 */
import type { ClassLabel } from '../estimators/class-labels.js';
import { ValidationError } from '../errors.js';
import { namedTarget, type MetricLabels } from './label-input.js';
import { checkFinite, checkSameLength, fmtLabels, uniqueSorted, type NumericArray } from './targets.js';
import { warnOnce } from './warnings.js';

/** Cumulative false/true positive counts at each distinct score, highest score first. */
export interface BinaryClfCurve {
  fps: Float64Array;
  tps: Float64Array;
  /** The distinct scores, decreasing. */
  thresholds: Float64Array;
}

/**
 * scikit-learn's `_check_pos_label_consistency`: without `posLabel`, labels must be
 * {0, 1} or {-1, 1} (or a subset) and 1 is positive.
 */
export function resolvePosLabel(fn: string, yTrue: ArrayLike<number>, posLabel: number | undefined): number {
  if (posLabel !== undefined) return posLabel;
  const classes = uniqueSorted(yTrue);
  const ok = Array.from(classes).every((c) => c === 0 || c === 1 || c === -1) && !(classes.includes(0) && classes.includes(-1));
  if (!ok) {
    throw new ValidationError(
      `${fn}: yTrue takes values ${fmtLabels(classes)} and posLabel is not given; make yTrue take values in {0, 1} or {-1, 1}, or pass posLabel`,
    );
  }
  return 1;
}

/**
 * scikit-learn's `_binary_clf_curve`: sorts by decreasing score and accumulates true
 * and false positives, keeping one point per distinct score value.
 */
export function binaryClfCurve(fn: string, yTrue: NumericArray, yScore: NumericArray, posLabel: number | undefined): BinaryClfCurve {
  checkSameLength(fn, 'yTrue', yTrue, 'yScore', yScore);
  checkFinite(fn, 'yTrue', yTrue);
  checkFinite(fn, 'yScore', yScore);
  const classes = uniqueSorted(yTrue);
  if (classes.length > 2 && posLabel === undefined) {
    throw new ValidationError(
      `${fn}: yTrue has ${classes.length} classes ${fmtLabels(classes)} (multiclass format is not supported); pass a binary target or posLabel`,
    );
  }
  const pos = resolvePosLabel(fn, yTrue, posLabel);
  const n = yTrue.length;
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => yScore[b]! - yScore[a]!);
  const fps: number[] = [];
  const tps: number[] = [];
  const thresholds: number[] = [];
  let tp = 0;
  for (let k = 0; k < n; k++) {
    const i = order[k]!;
    if (yTrue[i] === pos) tp++;
    const last = k === n - 1;
    if (last || yScore[order[k + 1]!] !== yScore[i]) {
      tps.push(tp);
      fps.push(k + 1 - tp);
      thresholds.push(yScore[i]!);
    }
  }
  return { fps: Float64Array.from(fps), tps: Float64Array.from(tps), thresholds: Float64Array.from(thresholds) };
}

/** Options of `rocCurve`. */
export interface RocCurveOptions {
  /** The positive class; default 1 for {0, 1} or {-1, 1} labels; required with class names. */
  posLabel?: ClassLabel;
  /** Drop collinear intermediate points (default true); the area is unchanged. */
  dropIntermediate?: boolean;
}

/** scikit-learn's `roc_curve`: false and true positive rates at decreasing thresholds, from (0, 0). */
export function rocCurve(
  yTrue: NumericArray | MetricLabels,
  yScore: NumericArray,
  options: RocCurveOptions = {},
): { fpr: Float64Array; tpr: Float64Array; thresholds: Float64Array } {
  const named = namedTarget('rocCurve', yTrue, { posLabel: options.posLabel, requirePosLabel: true });
  let { fps, tps, thresholds } = binaryClfCurve('rocCurve', named.yTrue, yScore, named.posLabel);
  if (options.dropIntermediate !== false && fps.length > 2) {
    const keep: number[] = [0];
    for (let i = 1; i < fps.length - 1; i++) {
      const d2f = fps[i + 1]! - 2 * fps[i]! + fps[i - 1]!;
      const d2t = tps[i + 1]! - 2 * tps[i]! + tps[i - 1]!;
      if (d2f !== 0 || d2t !== 0) keep.push(i);
    }
    keep.push(fps.length - 1);
    fps = Float64Array.from(keep, (i) => fps[i]!);
    tps = Float64Array.from(keep, (i) => tps[i]!);
    thresholds = Float64Array.from(keep, (i) => thresholds[i]!);
  }
  const m = fps.length + 1;
  const fpr = new Float64Array(m);
  const tpr = new Float64Array(m);
  const th = new Float64Array(m);
  th[0] = thresholds[0]! + 1;
  th.set(thresholds, 1);
  const fMax = fps[fps.length - 1]!;
  const tMax = tps[tps.length - 1]!;
  if (fMax <= 0) warnOnce('UndefinedMetricWarning', 'No negative samples in y_true, false positive value should be meaningless');
  if (tMax <= 0) warnOnce('UndefinedMetricWarning', 'No positive samples in y_true, true positive value should be meaningless');
  for (let i = 0; i < m; i++) {
    fpr[i] = fMax <= 0 ? NaN : i === 0 ? 0 : fps[i - 1]! / fMax;
    tpr[i] = tMax <= 0 ? NaN : i === 0 ? 0 : tps[i - 1]! / tMax;
  }
  return { fpr, tpr, thresholds: th };
}

/** Options of `precisionRecallCurve`. */
export interface PrecisionRecallCurveOptions {
  /** The positive class; default 1 for {0, 1} or {-1, 1} labels; required with class names. */
  posLabel?: ClassLabel;
}

/**
 * scikit-learn's `precision_recall_curve`: precision and recall at increasing thresholds,
 * ending with the point (recall 0, precision 1).
 */
export function precisionRecallCurve(
  yTrue: NumericArray | MetricLabels,
  probasPred: NumericArray,
  options: PrecisionRecallCurveOptions = {},
): { precision: Float64Array; recall: Float64Array; thresholds: Float64Array } {
  const named = namedTarget('precisionRecallCurve', yTrue, { posLabel: options.posLabel, requirePosLabel: true });
  const { fps, tps, thresholds } = binaryClfCurve('precisionRecallCurve', named.yTrue, probasPred, named.posLabel);
  const n = tps.length;
  const tMax = tps[n - 1]!;
  if (tMax === 0) warnOnce('UserWarning', 'No positive class found in y_true, recall is set to one for all thresholds.');
  const precision = new Float64Array(n + 1);
  const recall = new Float64Array(n + 1);
  const th = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const i = n - 1 - k;
    const ps = tps[i]! + fps[i]!;
    precision[k] = ps !== 0 ? tps[i]! / ps : 0;
    recall[k] = tMax === 0 ? 1 : tps[i]! / tMax;
    th[k] = thresholds[i]!;
  }
  precision[n] = 1;
  recall[n] = 0;
  return { precision, recall, thresholds: th };
}

/** scikit-learn's `auc`: trapezoidal area under a curve whose x is monotonic (either direction). */
export function auc(x: ArrayLike<number>, y: ArrayLike<number>): number {
  checkSameLength('auc', 'x', x, 'y', y);
  if (x.length < 2) throw new ValidationError(`auc: at least 2 points are needed to compute the area under a curve, got ${x.length}`);
  let anyNeg = false;
  let allNonPos = true;
  for (let i = 1; i < x.length; i++) {
    const d = x[i]! - x[i - 1]!;
    if (d < 0) anyNeg = true;
    if (d > 0) allNonPos = false;
  }
  if (anyNeg && !allNonPos) throw new ValidationError('auc: x is neither increasing nor decreasing; sort the points by x first');
  let area = 0;
  for (let i = 1; i < x.length; i++) area += ((x[i]! - x[i - 1]!) * (y[i]! + y[i - 1]!)) / 2;
  return anyNeg ? -area : area;
}
