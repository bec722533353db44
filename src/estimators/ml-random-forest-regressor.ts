import { ValidationError } from '../errors.js';
import type { Labels, Matrix } from '../data/matrix.js';
import { toArrays } from '../data/matrix.js';
import { BaseEstimator, defaultsOf } from './base.js';
import type { ParamSpec } from './estimator.js';
import { mlForestOptions, mlForestParamSpecs, mlRandomForest, type MLRandomForestParams, type MlForest } from './ml-random-forest-options.js';
import { registerEstimator } from './registry.js';
import { checkFinite, checkFitData, checkPredictData } from './validate.js';
import { forestCost } from './cost-hints.js';

/** Parameter metadata for MLRandomForestRegressor (scikit-learn's regressor default maxFeatures: all). */
export const ML_RF_REGRESSOR_PARAMS: Record<keyof MLRandomForestParams & string, ParamSpec> = mlForestParamSpecs(null);

/**
 * Random forest regressor over ml-random-forest (mean of the trees' predictions).
 * Same `randomState` → the same model; features drawn once per tree; slow.
 */
export class MLRandomForestRegressor extends BaseEstimator<MLRandomForestParams> {
  readonly name = 'MLRandomForestRegressor';
  readonly kind = 'regressor' as const;
  private fitted: { model: MlForest; nFeatures: number } | undefined;

  constructor(params: Partial<MLRandomForestParams> = {}) {
    super(defaultsOf<MLRandomForestParams>(ML_RF_REGRESSOR_PARAMS), params);
  }

  fit(X: Matrix, y: Labels): this {
    checkFitData(this.name, X, y);
    const options = mlForestOptions(this.name, this.params, X, false);
    const model = new mlRandomForest.RandomForestRegression({ ...options, selectionMethod: 'mean' });
    model.train(toArrays(X), Array.from(y));
    this.fitted = { model, nFeatures: X.cols };
    return this;
  }

  predict(X: Matrix): Float64Array {
    checkPredictData(this.name, 'predict', X, this.fitted?.nFeatures);
    checkFinite(this.name, 'predict', X);
    return Float64Array.from(this.fitted!.model.predict(toArrays(X)));
  }

  protected override getState(): { model: unknown; nFeatures: number } | undefined {
    const f = this.fitted;
    return f && { model: JSON.parse(JSON.stringify(f.model.toJSON())) as unknown, nFeatures: f.nFeatures };
  }

  override setState(state: unknown): void {
    const s = state as { model?: unknown; nFeatures?: unknown } | null;
    if (!s || !s.model || typeof s.nFeatures !== 'number') {
      throw new ValidationError('MLRandomForestRegressor: fitted state must be {model, nFeatures: number}');
    }
    this.fitted = { model: mlRandomForest.RandomForestRegression.load(s.model), nFeatures: s.nFeatures };
  }
}

registerEstimator('MLRandomForestRegressor', (p) => new MLRandomForestRegressor(p as Partial<MLRandomForestParams>), {
  costHint: forestCost,
  params: ML_RF_REGRESSOR_PARAMS,
  doc: 'random forest regressor over ml-random-forest (slow; features drawn per tree)',
  restore: (est, state) => (est as MLRandomForestRegressor).setState(state),
});
