import { rule } from '../params/rules.js';
import { createRequire } from 'node:module';
import type { Matrix } from '../data/matrix.js';
import type { ParamSpec, ParamValue } from './estimator.js';
import { checkBoolean, checkNumber, checkSeed } from './validate.js';

/** The parts of ml-random-forest's forests the adapters use. */
export interface MlForest {
  train(X: number[][], y: number[]): void;
  predict(X: number[][]): number[];
  /** One row per sample, one column per tree (ml-matrix Matrix). */
  predictionValues(X: number[][]): { rows: number; columns: number; get(i: number, j: number): number };
  toJSON(): unknown;
}
/** ml-random-forest's classifier / regression constructors. */
export interface MlForestClass {
  new (options: Record<string, unknown>): MlForest;
  load(model: unknown): MlForest;
}
const require = createRequire(import.meta.url);
/** ml-random-forest's exports (CommonJS). */
export const mlRandomForest = require('ml-random-forest') as { RandomForestClassifier: MlForestClass; RandomForestRegression: MlForestClass };

/** Hyperparameters shared by MLRandomForestClassifier and MLRandomForestRegressor. */
export type MLRandomForestParams = {
  nEstimators: number;
  maxDepth: number | null;
  maxFeatures: number | 'sqrt' | 'log2' | null;
  minSamplesSplit: number;
  bootstrap: boolean;
  randomState: number | null;
};

/** Parameter metadata shared by both ml-random-forest adapters (maxFeatures default differs). */
export function mlForestParamSpecs(maxFeaturesDefault: ParamValue): Record<keyof MLRandomForestParams & string, ParamSpec> {
  return {
    nEstimators: {
      default: 100,
      doc: 'number of trees, integer >= 1 (ml-random-forest is slow: ~8 s per tree on 1,198 digits rows)',
      accepts: [rule.int({ ge: 1 })],
    },
    maxDepth: { default: null, doc: 'maximum tree depth, integer >= 1, or null for unlimited', accepts: [rule.int({ ge: 1 }), rule.null] },
    maxFeatures: {
      default: maxFeaturesDefault,
      doc: "features per TREE (ml-random-forest draws them once per tree, not per split): 'sqrt', 'log2', an integer count, a fraction in (0, 1), or null for all",
      accepts: [rule.oneOf('sqrt', 'log2'), rule.int({ ge: 1 }), rule.num({ gt: 0, le: 1 }), rule.null],
    },
    minSamplesSplit: {
      default: 2,
      doc: 'a node with fewer rows than this becomes a leaf (ml-cart minNumSamples = minSamplesSplit − 1), integer >= 2',
      accepts: [rule.int({ ge: 2 })],
    },
    bootstrap: { default: true, doc: 'train each tree on a bootstrap sample of the rows (ml-random-forest useSampleBagging)', accepts: [rule.bool] },
    randomState: {
      default: null,
      doc: 'seed of the bootstrap and feature draws (ml-random-forest seed), integer in [0, 2^32); null draws one',
      accepts: [rule.int({ ge: 0, le: 2 ** 32 - 1 }), rule.null],
    },
  };
}

/** Number of features per tree for `maxFeatures` on `nFeatures` columns (scikit-learn's rules). */
function featureCount(v: ParamValue, nFeatures: number, est: string): number {
  if (v === null) return nFeatures;
  if (v === 'sqrt') return Math.max(1, Math.floor(Math.sqrt(nFeatures)));
  if (v === 'log2') return Math.max(1, Math.floor(Math.log2(nFeatures)));
  const x = checkNumber(est, 'maxFeatures', v, { min: 0, exclusiveMin: true });
  if (Number.isInteger(x) && x >= 1) {
    if (x > nFeatures) checkNumber(est, 'maxFeatures', x, { max: nFeatures });
    return x;
  }
  checkNumber(est, 'maxFeatures', x, { max: 1 });
  return Math.max(1, Math.floor(x * nFeatures));
}

/** ml-random-forest options for these parameters on X (validates every parameter). */
export function mlForestOptions(est: string, p: MLRandomForestParams, X: Matrix, isClassifier: boolean): Record<string, unknown> {
  const nEstimators = checkNumber(est, 'nEstimators', p.nEstimators, { min: 1, integer: true });
  const maxDepth = p.maxDepth === null ? Infinity : checkNumber(est, 'maxDepth', p.maxDepth, { min: 1, integer: true });
  const minSamplesSplit = checkNumber(est, 'minSamplesSplit', p.minSamplesSplit, { min: 2, integer: true });
  const bootstrap = checkBoolean(est, 'bootstrap', p.bootstrap);
  const seed = checkSeed(est, p.randomState);
  if (seed !== null) checkNumber(est, 'randomState', seed, { min: 0, max: 2 ** 32 - 1 });
  const count = featureCount(p.maxFeatures, X.cols, est);
  // The library reads numbers in (0, 1] as fractions (so a count of 1 would mean "all"):
  // pass a fraction whose floor(nFeatures · f) is exactly `count`.
  const maxFeatures = count === X.cols ? 1.0 : (count + 0.5) / X.cols;
  return {
    nEstimators,
    maxFeatures,
    replacement: false,
    useSampleBagging: bootstrap,
    seed: seed ?? Math.floor(Math.random() * 2 ** 31),
    noOOB: true,
    isClassifier,
    treeOptions: { maxDepth, minNumSamples: minSamplesSplit - 1 },
  };
}
