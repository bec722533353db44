/**
 * Regression metrics with scikit-learn 1.2.1's semantics (single output):
 * r2Score, explainedVarianceScore, meanSquaredError, meanAbsoluteError, medianAbsoluteError.
 * Hand-written: a few sums each; no library adds anything but scikit-learn's edge cases,
 * which are what parity needs.
 */
import type { Labels } from '../data/matrix.js';
import { checkFinite, checkSameLength } from './targets.js';
import { warnOnce } from './warnings.js';

/** Options of `r2Score` and `explainedVarianceScore`. */
export interface R2Options {
  /**
   * true (default, scikit-learn's force_finite): a constant yTrue scores 1 when predicted
   * perfectly, else 0, instead of NaN / −Infinity.
   */
  forceFinite?: boolean;
}

/** Options of `meanSquaredError`. */
export interface MseOptions {
  /** true (default): mean squared error; false: its square root (RMSE). */
  squared?: boolean;
}

function check(fn: string, yTrue: Labels, yPred: Labels): void {
  checkSameLength(fn, 'yTrue', yTrue, 'yPred', yPred);
  checkFinite(fn, 'yTrue', yTrue);
  checkFinite(fn, 'yPred', yPred);
}

function mean(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]!;
  return s / a.length;
}

/** scikit-learn's `_assemble_r2_explained_variance` for one output. */
function assemble(numerator: number, denominator: number, forceFinite: boolean): number {
  if (!forceFinite) return 1 - numerator / denominator;
  if (denominator !== 0 && numerator !== 0) return 1 - numerator / denominator;
  if (numerator !== 0) return 0;
  return 1;
}

/**
 * scikit-learn's `r2_score`: 1 − Σ(y − ŷ)² / Σ(y − ȳ)² (best 1, can be negative).
 * NaN with a warning for fewer than two samples.
 */
export function r2Score(yTrue: Labels, yPred: Labels, options: R2Options = {}): number {
  check('r2Score', yTrue, yPred);
  if (yPred.length < 2) {
    warnOnce('UndefinedMetricWarning', 'R^2 score is not well-defined with less than two samples.');
    return NaN;
  }
  const yBar = mean(yTrue);
  let num = 0;
  let den = 0;
  for (let i = 0; i < yTrue.length; i++) {
    num += (yTrue[i]! - yPred[i]!) ** 2;
    den += (yTrue[i]! - yBar) ** 2;
  }
  return assemble(num, den, options.forceFinite !== false);
}

/** scikit-learn's `explained_variance_score`: 1 − Var(y − ŷ) / Var(y) (ignores a constant bias). */
export function explainedVarianceScore(yTrue: Labels, yPred: Labels, options: R2Options = {}): number {
  check('explainedVarianceScore', yTrue, yPred);
  const n = yTrue.length;
  const diff = new Float64Array(n);
  for (let i = 0; i < n; i++) diff[i] = yTrue[i]! - yPred[i]!;
  const diffAvg = mean(diff);
  const yBar = mean(yTrue);
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    num += (diff[i]! - diffAvg) ** 2;
    den += (yTrue[i]! - yBar) ** 2;
  }
  return assemble(num / n, den / n, options.forceFinite !== false);
}

/** scikit-learn's `mean_squared_error`; `{ squared: false }` gives the root mean squared error. */
export function meanSquaredError(yTrue: Labels, yPred: Labels, options: MseOptions = {}): number {
  check('meanSquaredError', yTrue, yPred);
  let s = 0;
  for (let i = 0; i < yTrue.length; i++) s += (yTrue[i]! - yPred[i]!) ** 2;
  const mse = s / yTrue.length;
  return options.squared === false ? Math.sqrt(mse) : mse;
}

/** scikit-learn's `mean_absolute_error`: mean |y − ŷ|. */
export function meanAbsoluteError(yTrue: Labels, yPred: Labels): number {
  check('meanAbsoluteError', yTrue, yPred);
  let s = 0;
  for (let i = 0; i < yTrue.length; i++) s += Math.abs(yPred[i]! - yTrue[i]!);
  return s / yTrue.length;
}

/** scikit-learn's `median_absolute_error`: median |y − ŷ| (robust to outliers). */
export function medianAbsoluteError(yTrue: Labels, yPred: Labels): number {
  check('medianAbsoluteError', yTrue, yPred);
  const n = yTrue.length;
  const err = new Float64Array(n);
  for (let i = 0; i < n; i++) err[i] = Math.abs(yPred[i]! - yTrue[i]!);
  err.sort();
  const mid = n >> 1;
  return n % 2 === 1 ? err[mid]! : (err[mid - 1]! + err[mid]!) / 2;
}
