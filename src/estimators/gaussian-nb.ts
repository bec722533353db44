import { rule } from '../params/rules.js';
import { createRequire } from 'node:module';
import { ValidationError } from '../errors.js';
import type { Labels, Matrix } from '../data/matrix.js';
import { toArrays } from '../data/matrix.js';
import { BaseEstimator } from './base.js';
import { encodeClasses } from './class-labels.js';
import type { ParamSpec } from './estimator.js';
import { registerEstimator } from './registry.js';
import { checkFinite, checkFitData, checkNumber, checkPredictData } from './validate.js';

/** The part of ml-naivebayes's GaussianNB this adapter uses (fitted per-class means and stds). */
interface MlGaussianNB {
  train(X: number[][], y: number[]): void;
  means: number[][];
  /** Per class: [log prior, ...[1/(√(2π)·std), −2·std²] per feature]. */
  calculateProbabilities: [number, ...[number, number][]][];
}
const require = createRequire(import.meta.url);
const { GaussianNB: MlGaussianNBClass } = require('ml-naivebayes') as { GaussianNB: new () => MlGaussianNB };

/** GaussianNB's hyperparameters (scikit-learn's names and defaults). */
export type GaussianNBParams = {
  varSmoothing: number;
};

/** Parameter metadata for GaussianNB. */
export const GAUSSIAN_NB_PARAMS: Record<keyof GaussianNBParams & string, ParamSpec> = {
  varSmoothing: { default: 1e-9, doc: 'fraction of the largest feature variance added to every variance, >= 0', accepts: [rule.num({ ge: 0 })] },
};

interface NBState {
  classes: number[];
  logPrior: number[];
  means: number[][];
  variances: number[][];
}

/**
 * Gaussian naive Bayes. ml-naivebayes fits the per-class means, standard deviations
 * and priors; the adapter turns its sample stds into scikit-learn's variances
 * (population variance + varSmoothing · max column variance) and scores in log space
 * itself, because the library's predict multiplies exp() densities that underflow
 * to 0 on 64 features (it then predicts class −1).
 */
export class GaussianNB extends BaseEstimator<GaussianNBParams> {
  readonly name = 'GaussianNB';
  readonly kind = 'classifier' as const;
  private fitted: { classes: Float64Array; logPrior: Float64Array; means: Float64Array; variances: Float64Array; nFeatures: number } | undefined;

  constructor(params: Partial<GaussianNBParams> = {}) {
    super({ varSmoothing: 1e-9 }, params);
  }

  /** Sorted class labels seen in fit. */
  get classes(): Float64Array | undefined {
    return this.fitted?.classes;
  }

  fit(X: Matrix, y: Labels): this {
    checkFitData(this.name, X, y);
    const smoothing = checkNumber(this.name, 'varSmoothing', this.params.varSmoothing, { min: 0 });
    const enc = encodeClasses(this.name, y);
    const lib = new MlGaussianNBClass();
    lib.train(toArrays(X), Array.from(enc.codes));
    const { cols } = X;
    // epsilon = varSmoothing · max population variance over all of X's columns (scikit-learn's epsilon_).
    let maxVar = 0;
    for (let j = 0; j < cols; j++) {
      let m = 0;
      for (let i = 0; i < X.rows; i++) m += X.data[i * cols + j]!;
      m /= X.rows;
      let v = 0;
      for (let i = 0; i < X.rows; i++) v += (X.data[i * cols + j]! - m) ** 2;
      maxVar = Math.max(maxVar, v / X.rows);
    }
    const eps = smoothing * maxVar;
    const k = enc.classes.length;
    const means = new Float64Array(k * cols);
    const variances = new Float64Array(k * cols);
    const logPrior = new Float64Array(k);
    for (let c = 0; c < k; c++) {
      const n = enc.counts[c]!;
      const probs = lib.calculateProbabilities[c]!;
      logPrior[c] = probs[0];
      for (let j = 0; j < cols; j++) {
        means[c * cols + j] = lib.means[c]![j]!;
        const twoVar = -(probs[j + 1] as [number, number])[1]; // 2 · sample variance
        const sampleVar = n > 1 && Number.isFinite(twoVar) ? twoVar / 2 : 0;
        variances[c * cols + j] = (sampleVar * (n - 1)) / n + eps;
      }
    }
    this.fitted = { classes: enc.classes, logPrior, means, variances, nFeatures: cols };
    return this;
  }

  /** Joint log-likelihood per row and class (scikit-learn's `_joint_log_likelihood`). */
  private jointLogLikelihood(X: Matrix, where: string): Float64Array {
    checkPredictData(this.name, where, X, this.fitted?.nFeatures);
    checkFinite(this.name, where, X);
    const { classes, logPrior, means, variances } = this.fitted!;
    const k = classes.length;
    const { rows, cols, data } = X;
    const out = new Float64Array(rows * k);
    for (let c = 0; c < k; c++) {
      let norm = 0;
      for (let j = 0; j < cols; j++) norm += Math.log(2 * Math.PI * variances[c * cols + j]!);
      for (let i = 0; i < rows; i++) {
        let s = 0;
        for (let j = 0; j < cols; j++) {
          const d = data[i * cols + j]! - means[c * cols + j]!;
          s += (d * d) / variances[c * cols + j]!;
        }
        out[i * k + c] = logPrior[c]! - 0.5 * norm - 0.5 * s;
      }
    }
    return out;
  }

  predict(X: Matrix): Float64Array {
    const jll = this.jointLogLikelihood(X, 'predict');
    const { classes } = this.fitted!;
    const k = classes.length;
    const out = new Float64Array(X.rows);
    for (let i = 0; i < X.rows; i++) {
      let best = 0;
      for (let c = 1; c < k; c++) if (jll[i * k + c]! > jll[i * k + best]!) best = c;
      out[i] = classes[best]!;
    }
    return out;
  }

  /** Posterior class probabilities (softmax of the joint log-likelihood), columns in `classes` order. */
  predictProba(X: Matrix): Matrix {
    const data = this.jointLogLikelihood(X, 'predictProba');
    const k = this.fitted!.classes.length;
    for (let i = 0; i < X.rows; i++) {
      let max = -Infinity;
      for (let c = 0; c < k; c++) max = Math.max(max, data[i * k + c]!);
      let sum = 0;
      for (let c = 0; c < k; c++) sum += data[i * k + c] = Math.exp(data[i * k + c]! - max);
      for (let c = 0; c < k; c++) data[i * k + c]! /= sum;
    }
    return { data, rows: X.rows, cols: k };
  }

  protected override getState(): NBState | undefined {
    const f = this.fitted;
    if (!f) return undefined;
    const rowsOf = (a: Float64Array): number[][] =>
      Array.from({ length: f.classes.length }, (_, c) => Array.from(a.subarray(c * f.nFeatures, (c + 1) * f.nFeatures)));
    return { classes: Array.from(f.classes), logPrior: Array.from(f.logPrior), means: rowsOf(f.means), variances: rowsOf(f.variances) };
  }

  override setState(state: unknown): void {
    const s = state as Partial<NBState> | null;
    if (!s || !Array.isArray(s.classes) || !Array.isArray(s.logPrior) || !Array.isArray(s.means) || !Array.isArray(s.variances) || s.means.length === 0) {
      throw new ValidationError('GaussianNB: fitted state must be {classes, logPrior, means, variances}');
    }
    const nFeatures = s.means[0]!.length;
    this.fitted = {
      classes: Float64Array.from(s.classes),
      logPrior: Float64Array.from(s.logPrior),
      means: Float64Array.from(s.means.flat()),
      variances: Float64Array.from(s.variances.flat()),
      nFeatures,
    };
  }
}

registerEstimator('GaussianNB', (p) => new GaussianNB(p as Partial<GaussianNBParams>), {
  params: GAUSSIAN_NB_PARAMS,
  doc: 'Gaussian naive Bayes (statistics fitted by ml-naivebayes, scikit-learn variances and log-space scoring)',
  restore: (est, state) => (est as GaussianNB).setState(state),
});
