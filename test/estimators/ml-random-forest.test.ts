import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadAirline } from '../../src/data/bundled.js';
import { MLRandomForestClassifier } from '../../src/estimators/ml-random-forest-classifier.js';
import { MLRandomForestRegressor } from '../../src/estimators/ml-random-forest-regressor.js';
import { estimatorFromJSON } from '../../src/estimators/registry.js';
import { correct } from './digits-folds.js';

// ml-random-forest is very slow (~8 s per tree on 1,198 digits rows): 150 airline rows, 2 shallow trees.
const small = { nEstimators: 2, maxDepth: 4 };

test('MLRandomForestClassifier: same randomState → identical model; predictProba are tree vote shares in classes order', async () => {
  const { X, y } = await loadAirline({ rows: 150 });
  const a = new MLRandomForestClassifier({ ...small, randomState: 3 }).fit(X, y);
  const b = new MLRandomForestClassifier({ ...small, randomState: 3 }).fit(X, y);
  assert.equal(JSON.stringify(a.toJSON()), JSON.stringify(b.toJSON()));
  const pred = a.predict(X);
  assert.ok(correct(y, pred) / y.length >= 0.8, 'fits its training rows at least as well as the majority class');
  assert.deepEqual(Array.from(a.classes!), [0, 1]);
  const P = a.predictProba(X);
  for (let i = 0; i < X.rows; i++) {
    assert.ok([0, 0.5, 1].includes(P.data[2 * i]!));
    assert.equal(P.data[2 * i]! + P.data[2 * i + 1]!, 1);
    if (P.data[2 * i + 1] === 1) assert.equal(pred[i], 1);
  }
});

test('MLRandomForestClassifier: toJSON / estimatorFromJSON round trip (library load) predicts identically; clone is fresh', async () => {
  const { X, y } = await loadAirline({ rows: 150 });
  const a = new MLRandomForestClassifier({ ...small, randomState: 11, maxFeatures: 0.5, bootstrap: false }).fit(X, y);
  const back = estimatorFromJSON(JSON.parse(JSON.stringify(a.toJSON()))) as MLRandomForestClassifier;
  assert.deepEqual(Array.from(back.predict(X)), Array.from(a.predict(X)));
  assert.deepEqual(Array.from(back.predictProba(X).data), Array.from(a.predictProba(X).data));
  assert.equal(a.clone().classes, undefined);
  assert.deepEqual(a.clone().getParams(), a.getParams());
});

test('MLRandomForestRegressor: deterministic per randomState, JSON round trip; parameter errors are named', async () => {
  const { X, y } = await loadAirline({ rows: 150, target: 'delay_min' });
  const a = new MLRandomForestRegressor({ ...small, randomState: 2 }).fit(X, y);
  const b = new MLRandomForestRegressor({ ...small, randomState: 2 }).fit(X, y);
  assert.deepEqual(Array.from(a.predict(X)), Array.from(b.predict(X)));
  const back = estimatorFromJSON(JSON.parse(JSON.stringify(a.toJSON()))) as MLRandomForestRegressor;
  assert.deepEqual(Array.from(back.predict(X)), Array.from(a.predict(X)));
  assert.throws(() => new MLRandomForestRegressor({ maxFeatures: 12 }).fit(X, y), /'maxFeatures' must be a number <= 11/);
  assert.throws(() => new MLRandomForestRegressor({ minSamplesSplit: 1 }).fit(X, y), /'minSamplesSplit' must be an integer >= 2/);
  assert.throws(
    () => new MLRandomForestRegressor({ minSamplesLeaf: 1 } as never),
    /unknown parameter 'minSamplesLeaf'; valid parameters: bootstrap, maxDepth, maxFeatures, minSamplesSplit, nEstimators, randomState/,
  );
});
