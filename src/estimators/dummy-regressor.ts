import { rule } from '../params/rules.js';
import { ValidationError } from '../errors.js';
import type { Labels, Matrix } from '../data/matrix.js';
import { BaseEstimator, defaultsOf } from './base.js';
import type { ParamSpec } from './estimator.js';
import { registerEstimator } from './registry.js';
import { checkChoice, checkNumber, checkPredictData } from './validate.js';

const STRATEGIES = ['mean', 'median', 'quantile', 'constant'] as const;

/** DummyRegressor's hyperparameters (scikit-learn's names and defaults). */
export type DummyRegressorParams = {
  strategy: (typeof STRATEGIES)[number];
  quantile: number | null;
  constant: number | null;
};

/** Parameter metadata for DummyRegressor. */
export const DUMMY_REGRESSOR_PARAMS: Record<keyof DummyRegressorParams & string, ParamSpec> = {
  strategy: { default: 'mean', doc: "'mean', 'median', 'quantile' or 'constant'", accepts: [rule.oneOf(...STRATEGIES)] },
  quantile: {
    default: null,
    doc: "quantile in [0, 1] predicted by strategy 'quantile' (linear interpolation, numpy's default)",
    accepts: [rule.num({ ge: 0, le: 1 }), rule.null],
  },
  constant: { default: null, doc: "value predicted by strategy 'constant'", accepts: [rule.num(), rule.null] },
};

/** numpy.percentile with linear interpolation (q in [0, 1]) of an unsorted array. */
export function quantileOf(values: ArrayLike<number>, q: number): number {
  const s = Float64Array.from(values).sort();
  const pos = q * (s.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, s.length - 1);
  return s[lo]! + (s[hi]! - s[lo]!) * (pos - lo);
}

/** Baseline regressor that ignores X and predicts one statistic of y (scikit-learn's DummyRegressor). */
export class DummyRegressor extends BaseEstimator<DummyRegressorParams> {
  readonly name = 'DummyRegressor';
  readonly kind = 'regressor' as const;
  private fitted: { value: number; nFeatures: number } | undefined;

  constructor(params: Partial<DummyRegressorParams> = {}) {
    super(defaultsOf<DummyRegressorParams>(DUMMY_REGRESSOR_PARAMS), params);
  }

  /** The fitted constant prediction (scikit-learn's `constant_`). */
  get value(): number | undefined {
    return this.fitted?.value;
  }

  fit(X: Matrix, y: Labels): this {
    if (y.length === 0) throw new ValidationError('DummyRegressor.fit: y is empty; pass at least one sample');
    if (X.rows !== y.length) throw new ValidationError(`DummyRegressor.fit: X has ${X.rows} rows but y has ${y.length} values; they must match`);
    const strategy = checkChoice(this.name, 'strategy', this.params.strategy, STRATEGIES);
    let value: number;
    if (strategy === 'mean') {
      let s = 0;
      for (let i = 0; i < y.length; i++) s += y[i]!;
      value = s / y.length;
    } else if (strategy === 'median') {
      value = quantileOf(y, 0.5);
    } else if (strategy === 'quantile') {
      if (this.params.quantile === null) throw new ValidationError("DummyRegressor: strategy 'quantile' needs parameter 'quantile' in [0, 1]");
      value = quantileOf(y, checkNumber(this.name, 'quantile', this.params.quantile, { min: 0, max: 1 }));
    } else {
      if (this.params.constant === null) throw new ValidationError("DummyRegressor: strategy 'constant' needs parameter 'constant' (a number)");
      value = checkNumber(this.name, 'constant', this.params.constant);
    }
    this.fitted = { value, nFeatures: X.cols };
    return this;
  }

  predict(X: Matrix): Float64Array {
    checkPredictData(this.name, 'predict', X, this.fitted?.nFeatures);
    return new Float64Array(X.rows).fill(this.fitted!.value);
  }

  protected override getState(): { value: number; nFeatures: number } | undefined {
    return this.fitted && { ...this.fitted };
  }

  override setState(state: unknown): void {
    const s = state as { value?: unknown; nFeatures?: unknown } | null;
    if (!s || typeof s.value !== 'number' || typeof s.nFeatures !== 'number') {
      throw new ValidationError('DummyRegressor: fitted state must be {value: number, nFeatures: number}');
    }
    this.fitted = { value: s.value, nFeatures: s.nFeatures };
  }
}

registerEstimator('DummyRegressor', (p) => new DummyRegressor(p as Partial<DummyRegressorParams>), {
  params: DUMMY_REGRESSOR_PARAMS,
  doc: 'baseline regressor ignoring X (mean / median / quantile / constant); a near-no-op fit',
  restore: (est, state) => (est as DummyRegressor).setState(state),
});
