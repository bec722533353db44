import { ValidationError } from '../errors.js';
import type { Labels, Matrix } from '../data/matrix.js';
import { toArrays } from '../data/matrix.js';
import { BaseEstimator, defaultsOf } from './base.js';
import { encodeClasses } from './class-labels.js';
import type { ParamSpec } from './estimator.js';
import { mlForestOptions, mlForestParamSpecs, mlRandomForest, type MLRandomForestParams, type MlForest } from './ml-random-forest-options.js';
import { registerEstimator } from './registry.js';
import { checkFinite, checkFitData, checkPredictData } from './validate.js';
import { forestCost } from './cost-hints.js';

/** Parameter metadata for MLRandomForestClassifier. */
export const ML_RF_CLASSIFIER_PARAMS: Record<keyof MLRandomForestParams & string, ParamSpec> = mlForestParamSpecs('sqrt');

interface RFState {
  model: unknown;
  classes: number[];
  nFeatures: number;
}

/**
 * Random forest classifier over ml-random-forest (CART trees from ml-cart, gini).
 * Same `randomState` → the same model. Differences from scikit-learn: features are
 * drawn once per tree, not per split; ml-random-forest is slow (~8 s per tree on
 * 1,198 digits rows), so use hyperfold's own RandomForestClassifier for real work.
 */
export class MLRandomForestClassifier extends BaseEstimator<MLRandomForestParams> {
  readonly name = 'MLRandomForestClassifier';
  readonly kind = 'classifier' as const;
  private fitted: { model: MlForest; classes: Float64Array; nFeatures: number } | undefined;

  constructor(params: Partial<MLRandomForestParams> = {}) {
    super(defaultsOf<MLRandomForestParams>(ML_RF_CLASSIFIER_PARAMS), params);
  }

  /** Sorted class labels seen in fit. */
  get classes(): Float64Array | undefined {
    return this.fitted?.classes;
  }

  fit(X: Matrix, y: Labels): this {
    checkFitData(this.name, X, y);
    const options = mlForestOptions(this.name, this.params, X, true);
    const enc = encodeClasses(this.name, y);
    const model = new mlRandomForest.RandomForestClassifier(options);
    model.train(toArrays(X), Array.from(enc.codes));
    this.fitted = { model, classes: enc.classes, nFeatures: X.cols };
    return this;
  }

  predict(X: Matrix): Float64Array {
    checkPredictData(this.name, 'predict', X, this.fitted?.nFeatures);
    checkFinite(this.name, 'predict', X);
    const { model, classes } = this.fitted!;
    return Float64Array.from(model.predict(toArrays(X)), (c) => classes[c]!);
  }

  /** Share of trees voting for each class, columns in `classes` order. */
  predictProba(X: Matrix): Matrix {
    checkPredictData(this.name, 'predictProba', X, this.fitted?.nFeatures);
    checkFinite(this.name, 'predictProba', X);
    const { model, classes } = this.fitted!;
    const k = classes.length;
    const votes = model.predictionValues(toArrays(X));
    const data = new Float64Array(X.rows * k);
    for (let i = 0; i < X.rows; i++) {
      for (let t = 0; t < votes.columns; t++) data[i * k + votes.get(i, t)] += 1 / votes.columns;
    }
    return { data, rows: X.rows, cols: k };
  }

  protected override getState(): RFState | undefined {
    const f = this.fitted;
    return f && { model: JSON.parse(JSON.stringify(f.model.toJSON())) as unknown, classes: Array.from(f.classes), nFeatures: f.nFeatures };
  }

  override setState(state: unknown): void {
    const s = state as Partial<RFState> | null;
    if (!s || !s.model || !Array.isArray(s.classes) || typeof s.nFeatures !== 'number') {
      throw new ValidationError('MLRandomForestClassifier: fitted state must be {model, classes: number[], nFeatures: number}');
    }
    this.fitted = { model: mlRandomForest.RandomForestClassifier.load(s.model), classes: Float64Array.from(s.classes), nFeatures: s.nFeatures };
  }
}

registerEstimator('MLRandomForestClassifier', (p) => new MLRandomForestClassifier(p as Partial<MLRandomForestParams>), {
  costHint: forestCost,
  params: ML_RF_CLASSIFIER_PARAMS,
  doc: 'random forest classifier over ml-random-forest (slow; features drawn per tree)',
  restore: (est, state) => (est as MLRandomForestClassifier).setState(state),
});
