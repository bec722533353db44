/**
 * Work a pool thread does on the forest code while it waits for its first task (see
 * `RegisterOptions.warmUp`), so that V8 has optimized the builder before the first real fits. A
 * fresh thread ran a search's first fits on unoptimized code while V8 compiled it in the
 * background — each thread on its own: airline halving's first 150 fits took 3.3 thread-seconds
 * on fresh threads against 2.6 on threads that had fitted before. The data are synthetic (fixed,
 * no randomness), small, and shaped like a search's: a binned matrix read through a fit's row
 * subset (copied columns) and in place, class and regression targets, predictions of test rows.
 */
import { takeRows, type Matrix } from '../../data/matrix.js';
import { binMatrix } from './binning.js';
import { fitForest, forestAverage, type ForestPlan } from './forest-engine.js';
import { ENTROPY, GINI, SQUARED_ERROR } from './split-search.js';

const ROWS = 3000;
const COLS = 8;

/** A fixed matrix (a linear congruential sequence) and a target that depends on it. */
function syntheticData(): { X: Matrix; yClass: Float64Array; yValue: Float64Array } {
  const data = new Float64Array(ROWS * COLS);
  let s = 12345;
  for (let i = 0; i < data.length; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    // a few low-cardinality columns (as airline's) and a few continuous ones
    data[i] = i % COLS < 3 ? s % 12 : s / 4294967296;
  }
  const yClass = new Float64Array(ROWS);
  const yValue = new Float64Array(ROWS);
  for (let r = 0; r < ROWS; r++) {
    const v = data[r * COLS]! / 12 + data[r * COLS + 4]! - data[r * COLS + 5]! * 0.5;
    yClass[r] = v > 0.6 ? 1 : 0;
    yValue[r] = v;
  }
  return { X: { data, rows: ROWS, cols: COLS }, yClass, yValue };
}

function plan(classifier: boolean, criterion: number): ForestPlan {
  return {
    who: 'warm-up',
    classifier,
    nEstimators: 2,
    bootstrap: true,
    maxSamples: null,
    classWeight: null,
    seed: 7,
    minWeightFractionLeaf: 0,
    grow: {
      criterion,
      maxDepth: 12,
      minSamplesSplit: 2,
      minSamplesLeaf: 1,
      minWeightLeaf: 0,
      maxFeatures: 3,
      maxLeafNodes: Infinity,
      minImpurityDecrease: 0,
      randomSplits: false,
    },
  };
}

/**
 * Steps of a few milliseconds each (a thread runs one per event-loop turn and stops at its first
 * task): small forests fitted on a third of the rows (the fit copies its rows' codes) and on
 * two thirds (read in place), for each criterion, each followed by a prediction of other rows.
 */
export function* forestWarmUp(classifier: boolean): Generator<void> {
  const { X, yClass, yValue } = syntheticData();
  const bins = binMatrix(X);
  const y = classifier ? yClass : yValue;
  const third = Int32Array.from({ length: ROWS / 3 }, (_, i) => 3 * i);
  const twoThirds = Int32Array.from({ length: (2 * ROWS) / 3 }, (_, i) => i + (i >> 1));
  const test = Int32Array.from({ length: ROWS / 3 }, (_, i) => 3 * i + 2);
  const criteria = classifier ? [GINI, ENTROPY] : [SQUARED_ERROR];
  for (let round = 0; round < 3; round++) {
    for (const criterion of criteria) {
      for (const train of [third, twoThirds]) {
        const forest = fitForest(bins, y, train, plan(classifier, criterion));
        forestAverage(forest, takeRows(X, test), 'warm-up');
        yield;
      }
    }
  }
}
