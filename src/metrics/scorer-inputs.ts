/**
 * What a scorer feeds its metric, taken from a fitted estimator as scikit-learn's
 * `_PredictScorer`, `_ProbaScorer` and `_ThresholdScorer` do: predictions, class
 * probabilities (the positive class's column on a binary target), or decision scores.
 */
import type { Labels, Matrix } from '../data/matrix.js';
import { column } from '../data/matrix.js';
import type { Estimator } from '../estimators/estimator.js';
import { ValidationError } from '../errors.js';
import { fmtLabels, typeOfTarget, uniqueSorted } from './targets.js';

/** Probabilities (or scores) for a metric, with the classes of their columns. */
export interface ScoreInput {
  /** A Float64Array (binary: the positive class) or a Matrix (one column per class). */
  scores: Float64Array | Matrix;
  /** Sorted classes of the estimator (the columns of a probability matrix). */
  classes: Float64Array;
}

/** The estimator's sorted classes, checked against the number of columns it returned. */
export function classesOf(scorer: string, est: Estimator, cols: number, y: Labels): Float64Array {
  const classes = est.classes ?? uniqueSorted(y);
  if (classes.length !== cols) {
    const where = est.classes ? `${est.name}.classes` : `the classes in y (${est.name} has no 'classes')`;
    throw new ValidationError(`scoring '${scorer}': ${est.name} returned ${cols} columns but ${where} lists ${classes.length}: ${fmtLabels(classes)}`);
  }
  return classes;
}

function positiveColumn(scorer: string, P: Matrix, classes: Float64Array, posLabel: number | undefined): Float64Array {
  if (P.cols !== 2) {
    throw new ValidationError(`scoring '${scorer}': predictProba returned ${P.cols} columns, but a binary target needs a classifier with two classes`);
  }
  const pos = posLabel ?? classes[1]!;
  const j = classes.indexOf(pos);
  if (j < 0) throw new ValidationError(`scoring '${scorer}': posLabel=${pos} is not a valid label: ${fmtLabels(classes)}`);
  return column(P, j);
}

/** scikit-learn's `_ProbaScorer`: predictProba, reduced to the positive column on a binary target. */
export function probaInput(scorer: string, est: Estimator, X: Matrix, y: Labels, posLabel?: number): ScoreInput {
  if (typeof est.predictProba !== 'function') {
    throw new ValidationError(
      `scoring '${scorer}' needs predictProba, which ${est.name} does not provide; choose a metric computed from predict, such as 'accuracy'`,
    );
  }
  const P = est.predictProba(X);
  const classes = classesOf(scorer, est, P.cols, y);
  if (typeOfTarget(y) === 'binary' && P.cols <= 2) return { scores: positiveColumn(scorer, P, classes, posLabel), classes };
  return { scores: P, classes };
}

/**
 * scikit-learn's `_ThresholdScorer`: on a binary target, decisionFunction if the estimator
 * has it, else predictProba's positive column; a regressor's predictions are used as scores.
 */
export function thresholdInput(scorer: string, est: Estimator, X: Matrix, y: Labels, posLabel?: number): Float64Array {
  const type = typeOfTarget(y);
  if (type !== 'binary') {
    throw new ValidationError(
      `scoring '${scorer}': y is ${type === 'multiclass' ? `multiclass (${uniqueSorted(y).length} classes)` : 'continuous'}, ` +
        `but '${scorer}' is for binary targets (scikit-learn: "${type} format is not supported")${type === 'multiclass' && scorer.startsWith('roc_auc') ? "; use 'roc_auc_ovr' or 'roc_auc_ovo'" : ''}`,
    );
  }
  if (est.kind === 'regressor') return Float64Array.from(est.predict(X));
  if (typeof est.decisionFunction === 'function') {
    const D = est.decisionFunction(X);
    if (D.cols === 1) {
      const d = column(D, 0);
      if (posLabel !== undefined) {
        const classes = classesOf(scorer, est, 2, y);
        if (!classes.includes(posLabel)) throw new ValidationError(`scoring '${scorer}': posLabel=${posLabel} is not a valid label: ${fmtLabels(classes)}`);
        if (posLabel === classes[0]) for (let i = 0; i < d.length; i++) d[i] = -d[i]!;
      }
      return d;
    }
    throw new ValidationError(`scoring '${scorer}': ${est.name}.decisionFunction returned ${D.cols} columns; a binary target needs one column of scores`);
  }
  if (typeof est.predictProba === 'function') {
    const P = est.predictProba(X);
    return positiveColumn(scorer, P, classesOf(scorer, est, P.cols, y), posLabel);
  }
  throw new ValidationError(
    `scoring '${scorer}' needs decisionFunction or predictProba, and ${est.name} has neither; choose a metric computed from predict, such as 'accuracy'`,
  );
}
