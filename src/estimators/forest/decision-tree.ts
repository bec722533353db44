import type { Matrix } from '../../data/matrix.js';
import { ValidationError } from '../../errors.js';
import type { ParamValue } from '../estimator.js';
import { registerEstimator } from '../registry.js';
import { ForestEstimator, type ForestShape } from './forest-estimator.js';
import { paramSpecs, type TreeParams } from './params.js';
import type { TreeModel } from './tree-model.js';
import { treeCost } from '../cost-hints.js';

/** DecisionTreeClassifier's parameters. */
export type DecisionTreeClassifierParams = TreeParams & {
  splitter: string;
  classWeight: ParamValue;
};

/** DecisionTreeRegressor's parameters. */
export type DecisionTreeRegressorParams = TreeParams & {
  splitter: string;
};

/** scikit-learn 1.2's DecisionTreeClassifier defaults (plus `maxBins`). */
export const DECISION_TREE_CLASSIFIER_DEFAULTS: DecisionTreeClassifierParams = {
  criterion: 'gini',
  splitter: 'best',
  maxDepth: null,
  minSamplesSplit: 2,
  minSamplesLeaf: 1,
  minWeightFractionLeaf: 0,
  maxFeatures: null,
  randomState: null,
  maxLeafNodes: null,
  minImpurityDecrease: 0,
  classWeight: null,
  maxBins: 255,
};

/** scikit-learn 1.2's DecisionTreeRegressor defaults (plus `maxBins`). */
export const DECISION_TREE_REGRESSOR_DEFAULTS: DecisionTreeRegressorParams = {
  criterion: 'squared_error',
  splitter: 'best',
  maxDepth: null,
  minSamplesSplit: 2,
  minSamplesLeaf: 1,
  minWeightFractionLeaf: 0,
  maxFeatures: null,
  randomState: null,
  maxLeafNodes: null,
  minImpurityDecrease: 0,
  maxBins: 255,
};

function treeShape(who: string, splitter: ParamValue): ForestShape {
  if (splitter !== 'best' && splitter !== 'random') {
    throw new ValidationError(`${who}: parameter 'splitter' must be 'best' or 'random', got ${JSON.stringify(splitter)}`);
  }
  return { nEstimators: 1, bootstrap: false, maxSamples: null, randomSplits: splitter === 'random' };
}

/** A single CART classification tree on binned features (scikit-learn's DecisionTreeClassifier). */
export class DecisionTreeClassifier extends ForestEstimator<DecisionTreeClassifierParams> {
  readonly name = 'DecisionTreeClassifier';
  readonly kind = 'classifier';
  /** Class probabilities: the trees' mean leaf class distribution, one column per class in `classes` order. */
  predictProba(X: Matrix): Matrix {
    return this.probabilities(X);
  }
  constructor(params: Partial<DecisionTreeClassifierParams> = {}) {
    super(DECISION_TREE_CLASSIFIER_DEFAULTS, params);
  }
  protected classWeightParam(): ParamValue {
    if (this.params.classWeight === 'balanced_subsample') {
      throw new ValidationError(`${this.name}: classWeight 'balanced_subsample' is for forests; use 'balanced'`);
    }
    return this.params.classWeight;
  }
  protected shape(): ForestShape {
    return treeShape(this.name, this.params.splitter);
  }
  /** The fitted tree's flat arrays (scikit-learn's `tree_`). */
  get tree(): TreeModel {
    return this.fitted().trees[0]!;
  }
}

/** A single CART regression tree on binned features (scikit-learn's DecisionTreeRegressor). */
export class DecisionTreeRegressor extends ForestEstimator<DecisionTreeRegressorParams> {
  readonly name = 'DecisionTreeRegressor';
  readonly kind = 'regressor';
  constructor(params: Partial<DecisionTreeRegressorParams> = {}) {
    super(DECISION_TREE_REGRESSOR_DEFAULTS, params);
  }
  protected classWeightParam(): ParamValue {
    return null;
  }
  protected shape(): ForestShape {
    return treeShape(this.name, this.params.splitter);
  }
  /** The fitted tree's flat arrays (scikit-learn's `tree_`). */
  get tree(): TreeModel {
    return this.fitted().trees[0]!;
  }
}

registerEstimator('DecisionTreeClassifier', (p) => new DecisionTreeClassifier(p as Partial<DecisionTreeClassifierParams>), {
  costHint: treeCost,
  params: paramSpecs(DECISION_TREE_CLASSIFIER_DEFAULTS),
  doc: 'A single classification tree on histogram (binned) splits; scikit-learn parameters',
  restore: (est, state) => (est as DecisionTreeClassifier).setState(state),
});
registerEstimator('DecisionTreeRegressor', (p) => new DecisionTreeRegressor(p as Partial<DecisionTreeRegressorParams>), {
  costHint: treeCost,
  params: paramSpecs(DECISION_TREE_REGRESSOR_DEFAULTS),
  doc: 'A single regression tree on histogram (binned) splits; scikit-learn parameters',
  restore: (est, state) => (est as DecisionTreeRegressor).setState(state),
});
