import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { loadDigits } from '../../../src/data/bundled.js';
import { makeDataSet, type DataSet } from '../../../src/data/dataset.js';
import { takeLabels, takeRows, type Matrix } from '../../../src/data/matrix.js';
import { ValidationError } from '../../../src/errors.js';
import type { Estimator, Params } from '../../../src/estimators/estimator.js';
import {
  binnedDataSet,
  binsKey,
  DecisionTreeClassifier,
  DecisionTreeRegressor,
  ExtraTreesClassifier,
  ExtraTreesRegressor,
  RandomForestClassifier,
  RandomForestRegressor,
} from '../../../src/estimators/forest/index.js';
import { toPayload } from '../../../src/estimators/forest/binning.js';
import { createEstimator, estimatorFromJSON, hasEstimator } from '../../../src/estimators/registry.js';
import { accuracy, r2 } from './helpers.js';

const NAMES = [
  'DecisionTreeClassifier',
  'DecisionTreeRegressor',
  'RandomForestClassifier',
  'RandomForestRegressor',
  'ExtraTreesClassifier',
  'ExtraTreesRegressor',
];

describe('forest estimators: API, determinism, JSON', () => {
  let data: DataSet;
  let train: Int32Array;
  let test: Int32Array;
  let Xtest: Matrix;
  before(async () => {
    const d = await loadDigits();
    data = makeDataSet(d.X, d.y);
    train = Int32Array.from({ length: 1200 }, (_, i) => i);
    test = Int32Array.from({ length: d.X.rows - 1200 }, (_, i) => 1200 + i);
    Xtest = takeRows(d.X, test);
  });

  it('registers all six estimators with scikit-learn defaults', () => {
    for (const n of NAMES) assert.ok(hasEstimator(n), n);
    const rf = new RandomForestClassifier().getParams();
    assert.equal(rf.nEstimators, 100);
    assert.equal(rf.criterion, 'gini');
    assert.equal(rf.maxFeatures, 'sqrt');
    assert.equal(rf.bootstrap, true);
    assert.equal(rf.maxDepth, null);
    assert.equal(rf.maxBins, 255);
    assert.equal(new RandomForestRegressor().getParams().maxFeatures, 1.0);
    assert.equal(new RandomForestRegressor().getParams().criterion, 'squared_error');
    assert.equal(new ExtraTreesClassifier().getParams().bootstrap, false);
    assert.equal(new DecisionTreeClassifier().getParams().maxFeatures, null);
    assert.throws(() => new RandomForestClassifier({ nTrees: 3 } as never), /unknown parameter 'nTrees'/);
  });

  it('same randomState gives an identical toJSON(); another seed a different forest', () => {
    const fit = (seed: number) => new RandomForestClassifier({ nEstimators: 5, maxDepth: 6, randomState: seed }).fitIndexed(data, train).toJSON();
    assert.deepEqual(fit(7), fit(7));
    assert.notDeepEqual(fit(7), fit(8));
    const et = (seed: number) => new ExtraTreesRegressor({ nEstimators: 3, randomState: seed }).fitIndexed(data, train).toJSON();
    assert.deepEqual(et(1), et(1));
  });

  it('toJSON is compact (base64 node arrays) and round-trips through the registry, predicting identically', () => {
    for (const n of NAMES) {
      const params: Params = n.startsWith('Decision') ? { maxDepth: 8, randomState: 3 } : { nEstimators: 4, maxDepth: 8, randomState: 3 };
      const est = (createEstimator(n, params) as Estimator).fitIndexed!(data, train);
      const json = JSON.parse(JSON.stringify(est.toJSON()));
      assert.equal(typeof json.state.threshold, 'string', `${n}: node arrays are base64 strings`);
      const back = estimatorFromJSON(json) as Estimator;
      assert.deepEqual(back.predict(Xtest), est.predict(Xtest), n);
      if (est.predictProba) assert.deepEqual(back.predictProba!(Xtest), est.predictProba(Xtest), n);
    }
    assert.throws(() => estimatorFromJSON({ name: 'RandomForestClassifier', params: {}, state: { format: 'x' } }), ValidationError);
  });

  it('the four-row branch-free tree walk predicts exactly as the plain walk', () => {
    for (const est of [new RandomForestClassifier({ nEstimators: 7, randomState: 1 }), new RandomForestRegressor({ nEstimators: 7, randomState: 1 })]) {
      est.fitIndexed(data, train);
      const fast = est.predict(Xtest);
      for (const t of est.trees) t.adjacentChildren = false;
      assert.deepEqual(est.predict(Xtest), fast, est.name);
    }
  });

  it('predictProba rows sum to 1 in classes order; predict is its argmax', () => {
    const est = new RandomForestClassifier({ nEstimators: 8, maxDepth: 6, randomState: 0 }).fitIndexed(data, train);
    assert.deepEqual(Array.from(est.classes!), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const P = est.predictProba(Xtest);
    const pred = est.predict(Xtest);
    assert.equal(P.cols, 10);
    for (let i = 0; i < P.rows; i++) {
      const row = Array.from(P.data.subarray(i * 10, i * 10 + 10));
      assert.ok(Math.abs(row.reduce((a, b) => a + b, 0) - 1) < 1e-9);
      assert.equal(pred[i], est.classes![row.indexOf(Math.max(...row))]);
    }
  });

  it('featureImportances are non-negative, sum to 1 and favour central pixels over border ones', () => {
    const est = new RandomForestClassifier({ nEstimators: 20, randomState: 0 }).fitIndexed(data, train);
    const imp = est.featureImportances;
    assert.equal(imp.length, 64);
    assert.ok(Math.abs(imp.reduce((a, b) => a + b, 0) - 1) < 1e-9);
    assert.ok(imp.every((v) => v >= 0));
    assert.equal(imp[0], 0, 'pixel (0,0) is always 0 in digits, never split on');
    const reg = new DecisionTreeRegressor({ maxDepth: 5 }).fitIndexed(data, train).featureImportances;
    assert.ok(Math.abs(reg.reduce((a, b) => a + b, 0) - 1) < 1e-9);
  });

  it('prepareData stores the binned payload once; fitIndexed on all rows equals fit(X, y)', () => {
    const ds = makeDataSet(data.X, data.y);
    const est = new RandomForestClassifier({ nEstimators: 3, maxDepth: 5, randomState: 1 });
    est.prepareData(ds);
    const payload = ds.derived.get(binsKey(255));
    assert.ok(payload && payload.arrays.codes instanceof Uint8Array && payload.arrays.codes.length === 64 * data.X.rows);
    const all = Int32Array.from({ length: data.X.rows }, (_, i) => i);
    const a = est.clone().fitIndexed(ds, all).toJSON();
    assert.equal(ds.derived.get(binsKey(255)), payload, 'payload reused, not recomputed');
    const b = est.clone().fit(data.X, data.y).toJSON();
    assert.deepEqual(a, b);
  });

  it('fitIndexed on a subset of rows (codes copied per fit) grows the trees a data set of just those rows, same bins, grows', () => {
    // a halving iteration's fit: every third row, as a sparse subsample of the data set
    const subset = Int32Array.from({ length: Math.floor(data.X.rows / 3) }, (_, i) => 3 * i + 1);
    const ds = makeDataSet(data.X, data.y);
    const bins = binnedDataSet(ds, 255);
    const codes = new Uint8Array(subset.length * bins.cols);
    for (let f = 0; f < bins.cols; f++) for (let i = 0; i < subset.length; i++) codes[f * subset.length + i] = bins.codes[f * bins.rows + subset[i]!]!;
    const small = makeDataSet(takeRows(data.X, subset), takeLabels(data.y, subset));
    small.derived.set(binsKey(255), toPayload({ ...bins, rows: subset.length, codes }));
    const all = Int32Array.from({ length: subset.length }, (_, i) => i);
    for (const name of NAMES) {
      const params: Params = { maxDepth: 6, randomState: 3, ...(name.startsWith('DecisionTree') ? {} : { nEstimators: 4 }) };
      const a = (createEstimator(name, params) as Estimator).fitIndexed!(ds, subset).toJSON();
      const b = (createEstimator(name, params) as Estimator).fitIndexed!(small, all).toJSON();
      assert.deepEqual(a, b, name);
    }
  });

  it('regressors and ExtraTrees learn (digits label as a number)', () => {
    const yt = takeLabels(data.y, test);
    for (const est of [new RandomForestRegressor({ nEstimators: 10, randomState: 0 }), new ExtraTreesRegressor({ nEstimators: 10, randomState: 0 })]) {
      assert.ok(r2(est.fitIndexed(data, train).predict(Xtest), yt) > 0.6, est.name);
    }
    const et = new ExtraTreesClassifier({ nEstimators: 20, randomState: 0 }).fitIndexed(data, train);
    assert.ok(accuracy(et.predict(Xtest), yt) > 0.85);
    const dt = new DecisionTreeClassifier({ splitter: 'random', randomState: 0 }).fitIndexed(data, train);
    assert.ok(accuracy(dt.predict(Xtest), yt) > 0.6);
  });

  it('maxLeafNodes grows best-first to exactly that many leaves; minSamplesLeaf is respected', () => {
    const t = new DecisionTreeClassifier({ maxLeafNodes: 12, randomState: 0 }).fitIndexed(data, train).tree;
    let leaves = 0;
    for (let i = 0; i < t.nodeCount; i++) if (t.feature[i] === -1) leaves++;
    assert.equal(leaves, 12);
    const t2 = new DecisionTreeClassifier({ minSamplesLeaf: 20, randomState: 0 }).fitIndexed(data, train).tree;
    for (let i = 0; i < t2.nodeCount; i++) assert.ok(t2.nSamples[i]! >= 20);
    // Fractions as scikit-learn: minSamplesLeaf 0.05 of 1,200 rows → 60; maxSamples 0.25 → 300 draws.
    const t3 = new DecisionTreeClassifier({ minSamplesLeaf: 0.05, randomState: 0 }).fitIndexed(data, train).tree;
    for (let i = 0; i < t3.nodeCount; i++) assert.ok(t3.nSamples[i]! >= 60);
    const small = new RandomForestClassifier({ nEstimators: 3, maxSamples: 0.25, randomState: 0 }).fitIndexed(data, train);
    for (const t of small.trees) assert.equal(t.weightedN[0], 300);
    const deep = new DecisionTreeClassifier({ randomState: 0 }).fitIndexed(data, train);
    assert.equal(accuracy(deep.predict(takeRows(data.X, train)), takeLabels(data.y, train)), 1, 'an unlimited tree fits its training rows');
  });

  it('rejects bad parameters and inputs with messages naming the parameter', () => {
    const fit = (p: Record<string, unknown>) => new RandomForestClassifier({ nEstimators: 2, ...p } as never).fitIndexed(data, train);
    assert.throws(() => fit({ criterion: 'squared_error' }), /'criterion'/);
    assert.throws(() => fit({ maxFeatures: 'half' }), /'maxFeatures'/);
    assert.throws(() => fit({ maxFeatures: 65 }), /'maxFeatures'/);
    assert.throws(() => fit({ maxDepth: 0 }), /'maxDepth'/);
    assert.throws(() => fit({ minSamplesSplit: 0 }), /'minSamplesSplit'/);
    assert.throws(() => fit({ maxBins: 300 }), /'maxBins'/);
    assert.throws(() => fit({ classWeight: 'heavy' }), /'classWeight'/);
    assert.throws(() => fit({ nEstimators: 0 }), /'nEstimators'/);
    assert.throws(() => new RandomForestClassifier().predict(Xtest), /not fitted/);
    const est = new RandomForestClassifier({ nEstimators: 2, randomState: 0 }).fitIndexed(data, train);
    assert.throws(() => est.predict({ data: new Float64Array(3), rows: 1, cols: 3 }), /3 features/);
    const nan = { data: Float64Array.from([1, NaN, 2, 3]), rows: 2, cols: 2 };
    assert.throws(() => new DecisionTreeClassifier().fit(nan, Float64Array.from([0, 1])), /NaN at row 0, column 1/);
  });
});
