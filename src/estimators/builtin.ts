/**
 * Where each built-in estimator is registered, so a pool thread imports only the modules its
 * jobs name instead of every adapter (libsvm's WebAssembly, ml-random-forest, ml-knn …):
 * `loadEstimators` imports, for each name not registered yet, the one module that registers it.
 * The main entry (`estimators/index.ts`) still imports them all; a test keeps both lists equal.
 */
import type { ParamValue } from './estimator.js';
import { hasEstimator } from './registry.js';

/** The module registering each built-in estimator, relative to this one. */
const MODULES: Readonly<Record<string, string>> = {
  SVC: './svc.js',
  SMOClassifier: './smo-classifier.js',
  DummyClassifier: './dummy-classifier.js',
  DummyRegressor: './dummy-regressor.js',
  KNeighborsClassifier: './k-neighbors-classifier.js',
  LogisticRegression: './logistic-regression.js',
  GaussianNB: './gaussian-nb.js',
  StandardScaler: './standard-scaler.js',
  Pipeline: './pipeline.js',
  MLRandomForestClassifier: './ml-random-forest-classifier.js',
  MLRandomForestRegressor: './ml-random-forest-regressor.js',
  DecisionTreeClassifier: './forest/decision-tree.js',
  DecisionTreeRegressor: './forest/decision-tree.js',
  RandomForestClassifier: './forest/random-forest.js',
  RandomForestRegressor: './forest/random-forest.js',
  ExtraTreesClassifier: './forest/extra-trees.js',
  ExtraTreesRegressor: './forest/extra-trees.js',
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

/**
 * Loads the modules registering the built-in estimators among `names` that are not registered yet,
 * each by its URL through `load` (default: import(); a pool thread passes a synchronous require where it can).
 */
export async function loadEstimators(names: Iterable<string>, load: (url: string) => unknown = (url) => import(url)): Promise<void> {
  const pending: unknown[] = [];
  for (const n of names) {
    const module = Object.hasOwn(MODULES, n) ? MODULES[n] : undefined;
    if (module && !hasEstimator(n)) pending.push(load(new URL(module, import.meta.url).href));
  }
  await Promise.all(pending);
}
