import type { Matrix } from '../../data/matrix.js';
import type { ParamValue } from '../estimator.js';
import { registerEstimator } from '../registry.js';
import { ForestEstimator, type ForestShape } from './forest-estimator.js';
import { paramSpecs, type ForestParams } from './params.js';
import { forestCost } from '../cost-hints.js';

/** RandomForestClassifier's parameters. */
export type RandomForestClassifierParams = ForestParams & {
  classWeight: ParamValue;
};

/** scikit-learn 1.2's RandomForestClassifier defaults (plus `maxBins`). */
export const RANDOM_FOREST_CLASSIFIER_DEFAULTS: RandomForestClassifierParams = {
  nEstimators: 100,
  criterion: 'gini',
  maxDepth: null,
  minSamplesSplit: 2,
  minSamplesLeaf: 1,
  minWeightFractionLeaf: 0,
  maxFeatures: 'sqrt',
  maxLeafNodes: null,
  minImpurityDecrease: 0,
  bootstrap: true,
  maxSamples: null,
  classWeight: null,
  randomState: null,
  maxBins: 255,
};

/** scikit-learn 1.2's RandomForestRegressor defaults (plus `maxBins`). */
export const RANDOM_FOREST_REGRESSOR_DEFAULTS: ForestParams = {
  nEstimators: 100,
  criterion: 'squared_error',
  maxDepth: null,
  minSamplesSplit: 2,
  minSamplesLeaf: 1,
  minWeightFractionLeaf: 0,
  maxFeatures: 1.0,
  maxLeafNodes: null,
  minImpurityDecrease: 0,
  bootstrap: true,
  maxSamples: null,
  randomState: null,
  maxBins: 255,
};

/**
 * A random forest classifier (scikit-learn's RandomForestClassifier): bootstrap samples,
 * `maxFeatures` features drawn per split, best threshold on ≤ `maxBins` quantile bins.
 * The default forest of hyperfold — see the module doc for why it is hand-written.
 */
export class RandomForestClassifier extends ForestEstimator<RandomForestClassifierParams> {
  readonly name = 'RandomForestClassifier';
  readonly kind = 'classifier';
  /** Class probabilities: the trees' mean leaf class distribution, one column per class in `classes` order. */
  predictProba(X: Matrix): Matrix {
    return this.probabilities(X);
  }
  constructor(params: Partial<RandomForestClassifierParams> = {}) {
    super(RANDOM_FOREST_CLASSIFIER_DEFAULTS, params);
  }
  protected classWeightParam(): ParamValue {
    return this.params.classWeight;
  }
  protected shape(): ForestShape {
    return { nEstimators: this.params.nEstimators, bootstrap: this.params.bootstrap, maxSamples: this.params.maxSamples, randomSplits: false };
  }
}

/** A random forest regressor (scikit-learn's RandomForestRegressor), squared error, all features per split by default. */
export class RandomForestRegressor extends ForestEstimator<ForestParams> {
  readonly name = 'RandomForestRegressor';
  readonly kind = 'regressor';
  constructor(params: Partial<ForestParams> = {}) {
    super(RANDOM_FOREST_REGRESSOR_DEFAULTS, params);
  }
  protected classWeightParam(): ParamValue {
    return null;
  }
  protected shape(): ForestShape {
    return { nEstimators: this.params.nEstimators, bootstrap: this.params.bootstrap, maxSamples: this.params.maxSamples, randomSplits: false };
  }
}

registerEstimator('RandomForestClassifier', (p) => new RandomForestClassifier(p as Partial<RandomForestClassifierParams>), {
  costHint: forestCost,
  params: paramSpecs(RANDOM_FOREST_CLASSIFIER_DEFAULTS),
  doc: 'Random forest classifier on histogram (binned) splits; scikit-learn parameters',
  restore: (est, state) => (est as RandomForestClassifier).setState(state),
});
registerEstimator('RandomForestRegressor', (p) => new RandomForestRegressor(p as Partial<ForestParams>), {
  costHint: forestCost,
  params: paramSpecs(RANDOM_FOREST_REGRESSOR_DEFAULTS),
  doc: 'Random forest regressor on histogram (binned) splits; scikit-learn parameters',
  restore: (est, state) => (est as RandomForestRegressor).setState(state),
});
