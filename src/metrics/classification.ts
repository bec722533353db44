/**
 * Label-based classification metrics with scikit-learn 1.2.1's semantics:
 * confusionMatrix, accuracyScore, balancedAccuracyScore, matthewsCorrcoef. Labels may be numbers or
 * class names (strings, booleans), encoded by label-input.ts.
 * Hand-written: no maintained JS library implements scikit-learn's exact definitions
 * (label union, ill-defined cases, warnings), which parity needs.
 */
import type { Matrix } from '../data/matrix.js';
import type { ClassLabel } from '../estimators/class-labels.js';
import { labelIndex, labelPair, type MetricLabels } from './label-input.js';
import { ValidationError } from '../errors.js';
import { checkClassificationTargets, encode, fmtLabels, uniqueSorted } from './targets.js';
import { warnOnce } from './warnings.js';

/** Options of `confusionMatrix`. */
export interface ConfusionMatrixOptions {
  /** Labels indexing rows and columns, in this order; default: sorted union of yTrue and yPred. */
  labels?: ArrayLike<number> | readonly ClassLabel[];
}

/**
 * scikit-learn's `confusion_matrix`: entry (i, j) counts samples whose true label is
 * `labels[i]` and predicted label `labels[j]`. Samples with a label outside `labels` are ignored.
 */
export function confusionMatrix(yTrueIn: MetricLabels, yPredIn: MetricLabels, options: ConfusionMatrixOptions = {}): Matrix {
  const { yTrue, yPred, names } = labelPair('confusionMatrix', yTrueIn, yPredIn);
  checkClassificationTargets('confusionMatrix', yTrue, yPred);
  let labels: Float64Array;
  if (options.labels === undefined) {
    labels = uniqueSorted(yTrue, yPred);
  } else {
    labels = Float64Array.from(Array.from(options.labels as ArrayLike<ClassLabel>), (l) => labelIndex('confusionMatrix', 'labels', names, l));
    if (labels.length === 0) throw new ValidationError("confusionMatrix: 'labels' is empty; give at least one label");
    const t = encode(yTrue, labels);
    if (!t.some((c) => c >= 0)) {
      throw new ValidationError(`confusionMatrix: none of labels ${fmtLabels(labels)} occurs in yTrue; at least one label must be in yTrue`);
    }
  }
  const k = labels.length;
  const t = encode(yTrue, labels);
  const p = encode(yPred, labels);
  const data = new Float64Array(k * k);
  for (let i = 0; i < t.length; i++) {
    if (t[i]! >= 0 && p[i]! >= 0) data[t[i]! * k + p[i]!]!++;
  }
  return { data, rows: k, cols: k };
}

/** Options of `accuracyScore`. */
export interface AccuracyOptions {
  /** true (default): the fraction correct; false: the number correct. */
  normalize?: boolean;
}

/** scikit-learn's `accuracy_score`: the fraction (or count) of exactly right labels. */
export function accuracyScore(yTrueIn: MetricLabels, yPredIn: MetricLabels, options: AccuracyOptions = {}): number {
  const { yTrue, yPred } = labelPair('accuracyScore', yTrueIn, yPredIn);
  checkClassificationTargets('accuracyScore', yTrue, yPred);
  let correct = 0;
  for (let i = 0; i < yTrue.length; i++) if (yTrue[i] === yPred[i]) correct++;
  return options.normalize === false ? correct : correct / yTrue.length;
}

/** Options of `balancedAccuracyScore`. */
export interface BalancedAccuracyOptions {
  /** Rescale so chance scores 0 and perfect scores 1 (scikit-learn's `adjusted`). */
  adjusted?: boolean;
}

/**
 * scikit-learn's `balanced_accuracy_score`: the mean per-class recall. Classes that occur
 * only in yPred are left out, with the warning "y_pred contains classes not in y_true".
 */
export function balancedAccuracyScore(yTrue: MetricLabels, yPred: MetricLabels, options: BalancedAccuracyOptions = {}): number {
  const C = confusionMatrix(yTrue, yPred);
  const k = C.rows;
  let sum = 0;
  let n = 0;
  for (let i = 0; i < k; i++) {
    let rowSum = 0;
    for (let j = 0; j < k; j++) rowSum += C.data[i * k + j]!;
    if (rowSum === 0) continue;
    sum += C.data[i * k + i]! / rowSum;
    n++;
  }
  if (n < k) warnOnce('UserWarning', 'y_pred contains classes not in y_true');
  let score = sum / n;
  if (options.adjusted) {
    const chance = 1 / n;
    score = (score - chance) / (1 - chance);
  }
  return score;
}

/**
 * scikit-learn's `matthews_corrcoef` (multiclass form, Gorodkin's R_K): in [-1, 1];
 * 0 when every prediction (or every true label) is the same class.
 */
export function matthewsCorrcoef(yTrue: MetricLabels, yPred: MetricLabels): number {
  const C = confusionMatrix(yTrue, yPred);
  const k = C.rows;
  const tSum = new Float64Array(k);
  const pSum = new Float64Array(k);
  let nCorrect = 0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const c = C.data[i * k + j]!;
      tSum[i]! += c;
      pSum[j]! += c;
    }
    nCorrect += C.data[i * k + i]!;
  }
  const nSamples = yTrue.length;
  let tp = 0;
  let pp = 0;
  let tt = 0;
  for (let i = 0; i < k; i++) {
    tp += tSum[i]! * pSum[i]!;
    pp += pSum[i]! * pSum[i]!;
    tt += tSum[i]! * tSum[i]!;
  }
  const covYtYp = nCorrect * nSamples - tp;
  const covYpYp = nSamples * nSamples - pp;
  const covYtYt = nSamples * nSamples - tt;
  if (covYpYp * covYtYt === 0) return 0;
  return covYtYp / Math.sqrt(covYtYt * covYpYp);
}
