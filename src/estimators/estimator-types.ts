/**
 * Registry name → estimator class, for the types only: `estimatorFromJSON({ name: 'SVC', … })`
 * and `createEstimator('SVC', …)` return an `SVC`. Add your own registered estimators with
 * declaration merging: `declare module 'hyperfold' { interface EstimatorTypes { ShiftedMean: ShiftedMean } }`.
 */
import type { DummyClassifier } from './dummy-classifier.js';
import type { DummyRegressor } from './dummy-regressor.js';
import type { DecisionTreeClassifier, DecisionTreeRegressor } from './forest/decision-tree.js';
import type { ExtraTreesClassifier, ExtraTreesRegressor } from './forest/extra-trees.js';
import type { RandomForestClassifier, RandomForestRegressor } from './forest/random-forest.js';
import type { GaussianNB } from './gaussian-nb.js';
import type { KNeighborsClassifier } from './k-neighbors-classifier.js';
import type { LogisticRegression } from './logistic-regression.js';
import type { MLRandomForestClassifier } from './ml-random-forest-classifier.js';
import type { MLRandomForestRegressor } from './ml-random-forest-regressor.js';
import type { Pipeline } from './pipeline.js';
import type { SMOClassifier } from './smo-classifier.js';
import type { StandardScaler } from './standard-scaler.js';
import type { SVC } from './svc.js';

/** The built-in estimators by registry name (augment it for your own; see the module comment). */
export interface EstimatorTypes {
  DummyClassifier: DummyClassifier;
  DummyRegressor: DummyRegressor;
  DecisionTreeClassifier: DecisionTreeClassifier;
  DecisionTreeRegressor: DecisionTreeRegressor;
  ExtraTreesClassifier: ExtraTreesClassifier;
  ExtraTreesRegressor: ExtraTreesRegressor;
  RandomForestClassifier: RandomForestClassifier;
  RandomForestRegressor: RandomForestRegressor;
  GaussianNB: GaussianNB;
  KNeighborsClassifier: KNeighborsClassifier;
  LogisticRegression: LogisticRegression;
  MLRandomForestClassifier: MLRandomForestClassifier;
  MLRandomForestRegressor: MLRandomForestRegressor;
  Pipeline: Pipeline;
  SMOClassifier: SMOClassifier;
  StandardScaler: StandardScaler;
  SVC: SVC;
}
