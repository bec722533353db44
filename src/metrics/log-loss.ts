/**
 * Logistic (cross-entropy) loss with scikit-learn 1.2.1's semantics.
 * Hand-written: no maintained JS library implements scikit-learn's clipping and
 * renormalisation rules, which parity needs.
 */
import type { Labels, Matrix } from '../data/matrix.js';
import type { ClassLabel } from '../estimators/class-labels.js';
import { ValidationError } from '../errors.js';
import { namedTarget, type MetricLabels } from './label-input.js';
import { checkFinite, checkRows, checkSameLength, encode, fmtLabels, isMatrix, uniqueSorted } from './targets.js';

/** Options of `logLoss`. */
export interface LogLossOptions {
  /** Clip probabilities to [eps, 1 − eps]; default float64 machine epsilon (2.22e-16, scikit-learn's eps='auto'). */
  eps?: number;
  /** true (default): mean loss per sample; false: the sum. */
  normalize?: boolean;
  /** The classes of yPred's columns (numbers, or class names as yTrue holds), sorted; default: the classes in yTrue. */
  labels?: ArrayLike<number> | readonly ClassLabel[];
}

/**
 * scikit-learn's `log_loss`: −mean log p(true class). `yPred` is a probability Matrix with
 * one column per class in sorted-class order, or (binary) a Float64Array of the positive
 * class's probability. Probabilities are clipped to [eps, 1 − eps] and rows renormalised
 * to sum to 1, as scikit-learn 1.2.1 does. yTrue may hold class names (columns in sorted-name order).
 */
export function logLoss(yTrueIn: MetricLabels, yPred: Float64Array | Matrix, options: LogLossOptions = {}): number {
  const fn = 'logLoss';
  const named = namedTarget(fn, yTrueIn, { labels: options.labels });
  const yTrue = named.yTrue;
  if (named.names && named.labels) options = { ...options, labels: named.labels };
  const eps = options.eps ?? Number.EPSILON;
  checkFinite(fn, 'yTrue', yTrue);
  let classes: Float64Array;
  if (options.labels !== undefined) {
    classes = uniqueSorted(options.labels as ArrayLike<number>);
    if (classes.length < 2) throw new ValidationError(`${fn}: 'labels' needs at least two labels, got ${fmtLabels(classes)}`);
  } else {
    classes = uniqueSorted(yTrue);
    if (classes.length < 2) {
      throw new ValidationError(`${fn}: yTrue contains only one label (${classes[0]}); pass the classes of yPred's columns as 'labels'`);
    }
  }
  const n = yTrue.length;
  let P: Matrix;
  if (isMatrix(yPred)) {
    checkRows(fn, 'yPred', yPred, n);
    P = yPred;
  } else {
    checkSameLength(fn, 'yTrue', yTrue, 'yPred', yPred);
    P = { data: yPred, rows: n, cols: 1 };
  }
  checkFinite(fn, 'yPred', P.data);
  const k = P.cols === 1 ? 2 : P.cols;
  if (classes.length !== k) {
    throw new ValidationError(
      options.labels !== undefined
        ? `${fn}: 'labels' has ${classes.length} classes ${fmtLabels(classes)} but yPred has ${k} columns`
        : `${fn}: yTrue has ${classes.length} classes ${fmtLabels(classes)} but yPred has ${k} columns; pass the classes of yPred's columns as 'labels'`,
    );
  }
  const codes = encode(yTrue, classes);
  const hi = 1 - eps;
  const clip = (v: number): number => (v < eps ? eps : v > hi ? hi : v);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const c = codes[i]!;
    if (c < 0) throw new ValidationError(`${fn}: yTrue[${i}] = ${yTrue[i]} is not one of the classes ${fmtLabels(classes)}`);
    let pTrue: number;
    let rowSum: number;
    if (P.cols === 1) {
      const p1 = clip(P.data[i]!);
      const p0 = 1 - p1;
      rowSum = p0 + p1;
      pTrue = c === 1 ? p1 : p0;
    } else {
      rowSum = 0;
      for (let j = 0; j < k; j++) rowSum += clip(P.data[i * k + j]!);
      pTrue = clip(P.data[i * k + c]!);
    }
    total += -Math.log(pTrue / rowSum);
  }
  return options.normalize === false ? total : total / n;
}
