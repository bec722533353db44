import type { Matrix } from '../../data/matrix.js';
import type { ParamValue } from '../estimator.js';
import { registerEstimator } from '../registry.js';
import { ForestEstimator, type ForestShape } from './forest-estimator.js';
import { paramSpecs, type ForestParams } from './params.js';
import { forestCost } from '../cost-hints.js';

/** ExtraTreesClassifier's parameters. */
export type ExtraTreesClassifierParams = ForestParams & {
  classWeight: ParamValue;
};

/** scikit-learn 1.2's ExtraTreesClassifier defaults (plus `maxBins`). */
export const EXTRA_TREES_CLASSIFIER_DEFAULTS: ExtraTreesClassifierParams = {
  nEstimators: 100,
  criterion: 'gini',
  maxDepth: null,
  minSamplesSplit: 2,
  minSamplesLeaf: 1,
  minWeightFractionLeaf: 0,
  maxFeatures: 'sqrt',
  maxLeafNodes: null,
  minImpurityDecrease: 0,
  bootstrap: false,
  maxSamples: null,
  classWeight: null,
  randomState: null,
  maxBins: 255,
};

/** scikit-learn 1.2's ExtraTreesRegressor defaults (plus `maxBins`). */
export const EXTRA_TREES_REGRESSOR_DEFAULTS: ForestParams = {
  nEstimators: 100,
  criterion: 'squared_error',
  maxDepth: null,
  minSamplesSplit: 2,
  minSamplesLeaf: 1,
  minWeightFractionLeaf: 0,
  maxFeatures: 1.0,
  maxLeafNodes: null,
  minImpurityDecrease: 0,
  bootstrap: false,
  maxSamples: null,
  randomState: null,
  maxBins: 255,
};

/**
 * Extremely randomized trees (scikit-learn's ExtraTreesClassifier): no bootstrap by default,
 * one random threshold per drawn feature (snapped to a bin edge), the best of those kept.
 */
export class ExtraTreesClassifier extends ForestEstimator<ExtraTreesClassifierParams> {
  readonly name = 'ExtraTreesClassifier';
  readonly kind = 'classifier';
  /** Class probabilities: the trees' mean leaf class distribution, one column per class in `classes` order. */
  predictProba(X: Matrix): Matrix {
    return this.probabilities(X);
  }
  constructor(params: Partial<ExtraTreesClassifierParams> = {}) {
    super(EXTRA_TREES_CLASSIFIER_DEFAULTS, params);
  }
  protected classWeightParam(): ParamValue {
    return this.params.classWeight;
  }
  protected shape(): ForestShape {
    return { nEstimators: this.params.nEstimators, bootstrap: this.params.bootstrap, maxSamples: this.params.maxSamples, randomSplits: true };
  }
}

/** Extremely randomized trees for regression (scikit-learn's ExtraTreesRegressor), squared error. */
export class ExtraTreesRegressor extends ForestEstimator<ForestParams> {
  readonly name = 'ExtraTreesRegressor';
  readonly kind = 'regressor';
  constructor(params: Partial<ForestParams> = {}) {
    super(EXTRA_TREES_REGRESSOR_DEFAULTS, params);
  }
  protected classWeightParam(): ParamValue {
    return null;
  }
  protected shape(): ForestShape {
    return { nEstimators: this.params.nEstimators, bootstrap: this.params.bootstrap, maxSamples: this.params.maxSamples, randomSplits: true };
  }
}

registerEstimator('ExtraTreesClassifier', (p) => new ExtraTreesClassifier(p as Partial<ExtraTreesClassifierParams>), {
  costHint: forestCost,
  params: paramSpecs(EXTRA_TREES_CLASSIFIER_DEFAULTS),
  doc: 'Extremely randomized trees classifier on binned features; scikit-learn parameters',
  restore: (est, state) => (est as ExtraTreesClassifier).setState(state),
});
registerEstimator('ExtraTreesRegressor', (p) => new ExtraTreesRegressor(p as Partial<ForestParams>), {
  costHint: forestCost,
  params: paramSpecs(EXTRA_TREES_REGRESSOR_DEFAULTS),
  doc: 'Extremely randomized trees regressor on binned features; scikit-learn parameters',
  restore: (est, state) => (est as ExtraTreesRegressor).setState(state),
});
