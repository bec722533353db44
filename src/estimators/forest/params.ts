import { ValidationError } from '../../errors.js';
import { rule, type ParamRule } from '../../params/rules.js';
import type { ParamSpec, ParamValue, Params } from '../estimator.js';
import { ENTROPY, GINI, SQUARED_ERROR } from './split-search.js';

/** Hyperparameters shared by every tree and forest estimator (scikit-learn's names, camelCase). */
export type TreeParams = {
  criterion: string;
  maxDepth: number | null;
  minSamplesSplit: number;
  minSamplesLeaf: number;
  minWeightFractionLeaf: number;
  maxFeatures: number | string | null;
  maxLeafNodes: number | null;
  minImpurityDecrease: number;
  randomState: number | null;
  maxBins: number;
};

/** Forest-only hyperparameters. */
export type ForestParams = TreeParams & {
  nEstimators: number;
  bootstrap: boolean;
  maxSamples: number | null;
};

/** Parameter docs for the registry (`--list-estimators`), completed with each estimator's defaults. */
const DOCS: Record<string, string> = {
  nEstimators: 'number of trees (int ≥ 1)',
  criterion: "split quality: 'gini', 'entropy', 'log_loss' (classifiers) or 'squared_error' (regressors)",
  maxDepth: 'maximum tree depth (int ≥ 1) or null for unlimited',
  minSamplesSplit: 'minimum rows to split a node: int ≥ 2, or a fraction in (0, 1] of the training rows',
  minSamplesLeaf: 'minimum rows in each leaf: int ≥ 1, or a fraction in (0, 1) of the training rows',
  minWeightFractionLeaf: 'minimum fraction of the total sample weight in each leaf, in [0, 0.5]',
  maxFeatures: "features drawn per split: 'sqrt', 'log2', null (all), an int, or a fraction in (0, 1]",
  maxLeafNodes: 'grow best-first up to this many leaves (int ≥ 2), or null for unlimited',
  minImpurityDecrease: 'split only when the weighted impurity decrease is at least this (≥ 0)',
  bootstrap: 'draw a bootstrap sample (as integer row weights) for each tree',
  maxSamples: 'bootstrap sample size: null (all training rows), an int, or a fraction in (0, 1]',
  classWeight: "null, 'balanced', 'balanced_subsample' (forests), or a map {label: weight}",
  randomState: 'seed (int) of the bootstrap, feature draws and thresholds; null picks a random seed',
  maxBins: 'quantile bins per feature for the histogram split search, 2..255',
  splitter: "'best' or 'random' (a random threshold per drawn feature, as ExtraTrees)",
};

/** The values each parameter accepts (checked before any fit; the fit re-checks what depends on the data). */
const ACCEPTS: Record<string, readonly ParamRule[]> = {
  nEstimators: [rule.int({ ge: 1 })],
  maxDepth: [rule.int({ ge: 1 }), rule.null],
  minSamplesSplit: [rule.int({ ge: 2 }), rule.num({ gt: 0, le: 1 })],
  minSamplesLeaf: [rule.int({ ge: 1 }), rule.num({ gt: 0, le: 1 })],
  minWeightFractionLeaf: [rule.num({ ge: 0, le: 0.5 })],
  maxFeatures: [rule.oneOf('sqrt', 'log2'), rule.int({ ge: 1 }), rule.num({ gt: 0, le: 1 }), rule.null],
  maxLeafNodes: [rule.int({ ge: 2 }), rule.null],
  minImpurityDecrease: [rule.num({ ge: 0 })],
  bootstrap: [rule.bool],
  maxSamples: [rule.int({ ge: 1 }), rule.num({ gt: 0, le: 1 }), rule.null],
  randomState: [rule.int(), rule.null],
  maxBins: [rule.int({ ge: 2, le: 255 })],
  splitter: [rule.oneOf('best', 'random')],
};

/** Registry ParamSpecs for the given defaults (criterion and classWeight choices follow the kind). */
export function paramSpecs(defaults: Params): Record<string, ParamSpec> {
  const regressor = defaults.criterion === 'squared_error';
  const accepts: Record<string, readonly ParamRule[]> = {
    ...ACCEPTS,
    criterion: regressor ? [rule.oneOf('squared_error')] : [rule.oneOf('gini', 'entropy', 'log_loss')],
    classWeight: [rule.null, Object.hasOwn(defaults, 'nEstimators') ? rule.oneOf('balanced', 'balanced_subsample') : rule.oneOf('balanced'), rule.weights],
  };
  return Object.fromEntries(Object.entries(defaults).map(([k, v]) => [k, { default: v, doc: DOCS[k] ?? k, ...(accepts[k] ? { accepts: accepts[k] } : {}) }]));
}

function fail(est: string, name: string, want: string, v: unknown): never {
  throw new ValidationError(`${est}: parameter '${name}' must be ${want}, got ${JSON.stringify(v)}`);
}

/** An int ≥ `min` or (when `fraction`) a float in (0, 1] scaled by n (ceil), as scikit-learn. */
export function countOrFraction(est: string, name: string, v: ParamValue, min: number, n: number, maxFraction = 1): number {
  if (typeof v === 'number' && Number.isInteger(v) && v >= min) return v;
  // A fraction (1 counts as the fraction 1.0 when an int 1 is not allowed, as scikit-learn's 1.0).
  if (typeof v === 'number' && v > 0 && v <= maxFraction && (v < 1 || maxFraction === 1)) return Math.max(min, Math.ceil(v * n));
  return fail(est, name, `an int ≥ ${min} or a fraction in (0, ${maxFraction}${maxFraction === 1 ? ']' : ')'}`, v);
}

/** Resolves `maxFeatures` to a count of features in [1, nFeatures]. */
export function resolveMaxFeatures(est: string, v: ParamValue, nFeatures: number): number {
  if (v === null) return nFeatures;
  if (v === 'sqrt') return Math.max(1, Math.floor(Math.sqrt(nFeatures)));
  if (v === 'log2') return Math.max(1, Math.floor(Math.log2(nFeatures)));
  if (typeof v === 'number' && Number.isInteger(v) && v >= 1 && v !== 1.0) {
    if (v > nFeatures) fail(est, 'maxFeatures', `at most the number of features (${nFeatures})`, v);
    return v;
  }
  // 1.0 is a fraction (all features), as in scikit-learn.
  if (typeof v === 'number' && v > 0 && v <= 1) return Math.max(1, Math.floor(v * nFeatures));
  return fail(est, 'maxFeatures', "'sqrt', 'log2', null, an int ≥ 1 or a fraction in (0, 1]", v);
}

/** Criterion name → the builder's code; classifiers accept gini/entropy/log_loss, regressors squared_error. */
export function resolveCriterion(est: string, v: ParamValue, classifier: boolean): number {
  if (classifier) {
    if (v === 'gini') return GINI;
    if (v === 'entropy' || v === 'log_loss') return ENTROPY;
    return fail(est, 'criterion', "'gini', 'entropy' or 'log_loss'", v);
  }
  if (v === 'squared_error') return SQUARED_ERROR;
  return fail(est, 'criterion', "'squared_error' (the only regression criterion of the histogram forest)", v);
}

/** An int ≥ min or null (→ Infinity). */
export function intOrNone(est: string, name: string, v: ParamValue, min: number): number {
  if (v === null) return Infinity;
  if (typeof v === 'number' && Number.isInteger(v) && v >= min) return v;
  return fail(est, name, `an int ≥ ${min} or null`, v);
}

/** A finite number in [min, max]. */
export function numberIn(est: string, name: string, v: ParamValue, min: number, max: number): number {
  if (typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max) return v;
  return fail(est, name, `a number in [${min}, ${max}]`, v);
}

/** The seed to use: the given integer, or a fresh random one (crypto, never Math.random) when null. */
export function resolveSeed(est: string, v: ParamValue): number {
  if (v === null) return crypto.getRandomValues(new Uint32Array(1))[0]!;
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  return fail(est, 'randomState', 'an integer or null', v);
}
