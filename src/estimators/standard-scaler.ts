import { rule } from '../params/rules.js';
import { ValidationError } from '../errors.js';
import type { Labels, Matrix } from '../data/matrix.js';
import { BaseEstimator, defaultsOf } from './base.js';
import type { ParamSpec, Transformer } from './estimator.js';
import { registerEstimator } from './registry.js';
import { checkBoolean, checkFinite, checkPredictData } from './validate.js';

/** StandardScaler's hyperparameters (scikit-learn's names and defaults). */
export type StandardScalerParams = {
  withMean: boolean;
  withStd: boolean;
};

/** Parameter metadata for StandardScaler. */
export const STANDARD_SCALER_PARAMS: Record<keyof StandardScalerParams & string, ParamSpec> = {
  withMean: { default: true, doc: 'subtract each column mean', accepts: [rule.bool] },
  withStd: { default: true, doc: 'divide by each column population standard deviation (1 for constant columns)', accepts: [rule.bool] },
};

interface ScalerState {
  mean: number[];
  scale: number[];
}

/**
 * Standardises columns to zero mean and unit variance (scikit-learn's StandardScaler:
 * population variance, constant columns keep scale 1). A few lines over typed
 * arrays; no ml.js library scales a row-major Float64Array without copying to number[][].
 */
export class StandardScaler extends BaseEstimator<StandardScalerParams> implements Transformer<StandardScalerParams> {
  readonly name = 'StandardScaler';
  readonly kind = 'transformer' as const;
  private fitted: { mean: Float64Array; scale: Float64Array } | undefined;

  constructor(params: Partial<StandardScalerParams> = {}) {
    super(defaultsOf<StandardScalerParams>(STANDARD_SCALER_PARAMS), params);
  }

  /** Column means (scikit-learn's `mean_`; zeros with withMean false are still the fitted means). */
  get mean(): Float64Array | undefined {
    return this.fitted?.mean;
  }

  /** Column scales (scikit-learn's `scale_`: std, 1 where std is 0). */
  get scale(): Float64Array | undefined {
    return this.fitted?.scale;
  }

  fit(X: Matrix, _y?: Labels): this {
    checkBoolean(this.name, 'withMean', this.params.withMean);
    checkBoolean(this.name, 'withStd', this.params.withStd);
    if (X.rows === 0) throw new ValidationError('StandardScaler.fit: X has no rows; pass at least one sample');
    checkFinite(this.name, 'fit', X);
    const { rows, cols, data } = X;
    const mean = new Float64Array(cols);
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) mean[j] += data[i * cols + j]!;
    for (let j = 0; j < cols; j++) mean[j] /= rows;
    const scale = new Float64Array(cols).fill(1);
    if (this.params.withStd) {
      const ss = new Float64Array(cols);
      for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) ss[j] += (data[i * cols + j]! - mean[j]!) ** 2;
      // scikit-learn's _is_constant_feature: a variance within rounding error of 0 counts as constant (scale 1).
      const eps = Number.EPSILON;
      for (let j = 0; j < cols; j++) {
        const v = ss[j]! / rows;
        const bound = rows * eps * v + (rows * mean[j]! * eps) ** 2;
        scale[j] = v <= bound ? 1 : Math.sqrt(v);
      }
    }
    this.fitted = { mean, scale };
    return this;
  }

  /** Applies (x − mean) / scale column by column into a new matrix. */
  transform(X: Matrix): Matrix {
    checkPredictData(this.name, 'transform', X, this.fitted?.mean.length);
    const { mean, scale } = this.fitted!;
    const { rows, cols, data } = X;
    const out = new Float64Array(data.length);
    const center = this.params.withMean;
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) {
        const k = i * cols + j;
        out[k] = (center ? data[k]! - mean[j]! : data[k]!) / scale[j]!;
      }
    }
    return { data: out, rows, cols };
  }

  /** Fits, then transforms X. */
  fitTransform(X: Matrix, y?: Labels): Matrix {
    return this.fit(X, y).transform(X);
  }

  /** A transformer has no predictions; use `transform`. */
  predict(_X: Matrix): Labels {
    throw new ValidationError('StandardScaler is a transformer: call transform(X), or put it in a Pipeline before an estimator');
  }

  protected override getState(): ScalerState | undefined {
    return this.fitted && { mean: Array.from(this.fitted.mean), scale: Array.from(this.fitted.scale) };
  }

  override setState(state: unknown): void {
    const s = state as Partial<ScalerState> | null;
    if (!s || !Array.isArray(s.mean) || !Array.isArray(s.scale) || s.mean.length !== s.scale.length) {
      throw new ValidationError('StandardScaler: fitted state must be {mean: number[], scale: number[]} of equal length');
    }
    this.fitted = { mean: Float64Array.from(s.mean), scale: Float64Array.from(s.scale) };
  }
}

registerEstimator('StandardScaler', (p) => new StandardScaler(p as Partial<StandardScalerParams>), {
  params: STANDARD_SCALER_PARAMS,
  doc: 'standardises columns to zero mean and unit variance (a transformer, for Pipeline)',
  restore: (est, state) => (est as StandardScaler).setState(state),
});
