/**
 * Tree ensembles on typed arrays with histogram split search: DecisionTree*, RandomForest*,
 * ExtraTrees* (classifier and regressor), registered by name with JSON restore.
 *
 * Hand-written by necessity: the npm forest, ml-random-forest 2.1.0, takes ~13 s for one
 * 2-tree depth-2 fit on 1,198 digits rows (its CART search rescans every row per candidate
 * threshold) where scikit-learn fits the whole 75-fit digits grid in ~1 s; no maintained
 * JavaScript library bins features and searches splits over histograms.
 */
export { DecisionTreeClassifier, DecisionTreeRegressor } from './decision-tree.js';
export type { DecisionTreeClassifierParams, DecisionTreeRegressorParams } from './decision-tree.js';
export { RandomForestClassifier, RandomForestRegressor } from './random-forest.js';
export type { RandomForestClassifierParams } from './random-forest.js';
export { ExtraTreesClassifier, ExtraTreesRegressor } from './extra-trees.js';
export type { ExtraTreesClassifierParams } from './extra-trees.js';
export { ForestEstimator } from './forest-estimator.js';
export type { ForestParams, TreeParams } from './params.js';
export { binMatrix, binsKey, binnedDataSet, type BinnedMatrix } from './binning.js';
export type { TreeModel } from './tree-model.js';
export type { ForestState } from './codec.js';
