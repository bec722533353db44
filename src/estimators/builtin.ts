/**
 * Where each built-in estimator is registered, so a pool thread imports only the modules its
 * jobs name instead of every adapter (libsvm's WebAssembly, ml-random-forest, ml-knn …):
 * `loadEstimators` imports, for each name not registered yet, the one module that registers it.
 * The main entry (`estimators/index.ts`) still imports them all; a test keeps both lists equal.
 */
import type { ParamValue } from './estimator.js';
import { hasEstimator } from './registry.js';

const MODULES: Readonly<Record<string, () => Promise<unknown>>> = {
  SVC: () => import('./svc.js'),
  SMOClassifier: () => import('./smo-classifier.js'),
  DummyClassifier: () => import('./dummy-classifier.js'),
  DummyRegressor: () => import('./dummy-regressor.js'),
  KNeighborsClassifier: () => import('./k-neighbors-classifier.js'),
  LogisticRegression: () => import('./logistic-regression.js'),
  GaussianNB: () => import('./gaussian-nb.js'),
  StandardScaler: () => import('./standard-scaler.js'),
  Pipeline: () => import('./pipeline.js'),
  MLRandomForestClassifier: () => import('./ml-random-forest-classifier.js'),
  MLRandomForestRegressor: () => import('./ml-random-forest-regressor.js'),
  DecisionTreeClassifier: () => import('./forest/decision-tree.js'),
  DecisionTreeRegressor: () => import('./forest/decision-tree.js'),
  RandomForestClassifier: () => import('./forest/random-forest.js'),
  RandomForestRegressor: () => import('./forest/random-forest.js'),
  ExtraTreesClassifier: () => import('./forest/extra-trees.js'),
  ExtraTreesRegressor: () => import('./forest/extra-trees.js'),
};

/** Names of the built-in estimators (registered by `estimators/index.ts`, or on demand by `loadEstimators`). */
export const BUILTIN_ESTIMATORS: readonly string[] = Object.keys(MODULES).sort();

/**
 * Every estimator name in an estimator spec `{ name, params }`, nested specs included
 * (a Pipeline's steps and replacement steps are `{ name, params }` values in its params).
 */
export function estimatorNames(name: string, params: Readonly<Record<string, ParamValue>>, into: Set<string> = new Set()): Set<string> {
  into.add(name);
  // loops over own keys, no closure or value array per call: a pool thread reads every job's params
  for (const k in params) if (Object.hasOwn(params, k)) addNames(params[k]!, into);
  return into;
}

/** The estimator names in one parameter value (a nested `{ name, params }` spec, or arrays and records holding some). */
function addNames(v: ParamValue, into: Set<string>): void {
  if (v === null || typeof v !== 'object') return;
  if (Array.isArray(v)) {
    for (const x of v) addNames(x, into);
    return;
  }
  if (typeof v.name === 'string' && v.params !== null && typeof v.params === 'object' && !Array.isArray(v.params)) {
    estimatorNames(v.name, v.params, into);
    return;
  }
  for (const k in v) if (Object.hasOwn(v, k)) addNames(v[k]!, into);
}

/** Imports the modules registering the built-in estimators among `names` that are not registered yet. */
export async function loadEstimators(names: Iterable<string>): Promise<void> {
  const pending: Promise<unknown>[] = [];
  for (const n of names) {
    const load = Object.hasOwn(MODULES, n) ? MODULES[n] : undefined;
    if (load && !hasEstimator(n)) pending.push(load());
  }
  await Promise.all(pending);
}
