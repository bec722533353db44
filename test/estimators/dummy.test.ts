import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadAirline } from '../../src/data/bundled.js';
import { DummyClassifier } from '../../src/estimators/dummy-classifier.js';
import { DummyRegressor } from '../../src/estimators/dummy-regressor.js';
import { createEstimator, estimatorFromJSON } from '../../src/estimators/registry.js';
import { correct, digitsFolds } from './digits-folds.js';

test("DummyClassifier 'prior' on digits fold 0 matches scikit-learn 1.2.1 (class_prior_, prediction, predict_proba)", async () => {
  const [f] = await digitsFolds();
  const d = new DummyClassifier().fit(f!.Xtrain, f!.ytrain);
  // scikit-learn 1.2.1: DummyClassifier(strategy='prior').fit(X[train], y[train]) on StratifiedKFold(3) fold 0.
  const prior = [
    0.09849749582637729, 0.1018363939899833, 0.09849749582637729, 0.1018363939899833, 0.1001669449081803, 0.1018363939899833, 0.1001669449081803,
    0.1001669449081803, 0.09682804674457429, 0.1001669449081803,
  ];
  Array.from(d.classPrior!).forEach((p, i) => assert.ok(Math.abs(p - prior[i]!) < 1e-12));
  const pred = d.predict(f!.Xtest);
  assert.equal(pred[0], 1); // ties of the largest prior go to the smallest label (classes 1, 3, 5)
  assert.equal(correct(f!.ytest, pred), 60);
  const P = d.predictProba(f!.Xtest);
  assert.deepEqual(Array.from(P.data.subarray(0, 10)), Array.from(d.classPrior!));
});

test("DummyClassifier 'most_frequent' on 1,000 airline rows: predicts 0 and scores 797 as scikit-learn 1.2.1", async () => {
  const { X, y } = await loadAirline({ rows: 1000 });
  const d = new DummyClassifier({ strategy: 'most_frequent' }).fit(X, y);
  assert.equal(correct(y, d.predict(X)), 797); // scikit-learn 1.2.1: 797, class_prior_ [0.797, 0.203]
  assert.deepEqual(Array.from(d.predictProba(X).data.subarray(0, 2)), [1, 0]);
});

test("DummyClassifier 'stratified' / 'uniform': seeded, frequencies follow the prior / are uniform; 'constant' checks its label", async () => {
  const { X, y } = await loadAirline({ rows: 2000 });
  const s = new DummyClassifier({ strategy: 'stratified', randomState: 7 }).fit(X, y);
  const a = s.predict(X);
  assert.deepEqual(Array.from(a), Array.from(new DummyClassifier({ strategy: 'stratified', randomState: 7 }).fit(X, y).predict(X)));
  const ones = a.reduce((n, v) => n + v, 0) / a.length;
  const prior1 = s.classPrior![1]!;
  assert.ok(Math.abs(ones - prior1) < 0.03, `stratified share of 1s ${ones} vs prior ${prior1}`);
  const P = s.predictProba(X);
  for (let i = 0; i < 20; i++) assert.equal(P.data[2 * i + 1], a[i]); // one-hot of the same draws
  const u = new DummyClassifier({ strategy: 'uniform', randomState: 1 }).fit(X, y);
  const share = u.predict(X).reduce((n, v) => n + v, 0) / X.rows;
  assert.ok(Math.abs(share - 0.5) < 0.04, `uniform share ${share}`);
  assert.deepEqual(Array.from(u.predictProba(X).data.subarray(0, 2)), [0.5, 0.5]);
  const c = new DummyClassifier({ strategy: 'constant', constant: 1 }).fit(X, y);
  assert.ok(c.predict(X).every((v) => v === 1));
  assert.throws(() => new DummyClassifier({ strategy: 'constant', constant: 3 }).fit(X, y), /constant 3 is not a class of y \(classes: 0, 1\)/);
  assert.throws(() => new DummyClassifier({ strategy: 'constant' }).fit(X, y), /needs parameter 'constant'/);
  assert.throws(() => new DummyClassifier({ strategy: 'mode' as 'prior' }).fit(X, y), /'strategy' must be one of 'prior', 'most_frequent'/);
  assert.throws(() => new DummyClassifier({ seed: 1 } as never), /unknown parameter 'seed'; valid parameters: constant, randomState, strategy/);
});

test('DummyRegressor strategies on 1,000 airline delay_min rows equal scikit-learn 1.2.1 constant_', async () => {
  const { X, y } = await loadAirline({ rows: 1000, target: 'delay_min' });
  // scikit-learn 1.2.1: DummyRegressor(strategy=...).fit(X, y).constant_
  const cases: [Partial<ConstructorParameters<typeof DummyRegressor>[0]>, number][] = [
    [{ strategy: 'mean' }, 8.106],
    [{ strategy: 'median' }, -1.0],
    [{ strategy: 'quantile', quantile: 0.9 }, 38.0],
    [{ strategy: 'quantile', quantile: 0.25 }, -8.25],
    [{ strategy: 'constant', constant: 4.5 }, 4.5],
  ];
  for (const [params, expected] of cases) {
    const d = new DummyRegressor(params).fit(X, y);
    assert.ok(Math.abs(d.value! - expected) < 1e-9, `${JSON.stringify(params)}: ${d.value} vs ${expected}`);
    assert.ok(d.predict(X).every((v) => v === d.value));
  }
  assert.throws(() => new DummyRegressor({ strategy: 'quantile' }).fit(X, y), /needs parameter 'quantile'/);
  assert.throws(() => new DummyRegressor({ strategy: 'quantile', quantile: 1.5 }).fit(X, y), /'quantile' must be a number >= 0 <= 1/);
});

test('Dummy estimators: JSON round trip, clone is fresh, registry rebuild from { name, params }', async () => {
  const { X, y } = await loadAirline({ rows: 300 });
  const d = new DummyClassifier({ strategy: 'prior' }).fit(X, y);
  const back = estimatorFromJSON(JSON.parse(JSON.stringify(d.toJSON()))) as DummyClassifier;
  assert.deepEqual(Array.from(back.predictProba(X).data), Array.from(d.predictProba(X).data));
  assert.equal(d.clone().classes, undefined);
  assert.throws(() => d.clone().predict(X), /not fitted/);
  const r = createEstimator('DummyRegressor', { strategy: 'median' });
  assert.equal(r.kind, 'regressor');
  const fitted = (r as DummyRegressor).fit(X, y);
  const r2 = estimatorFromJSON(JSON.parse(JSON.stringify(fitted.toJSON()))) as DummyRegressor;
  assert.equal(r2.value, fitted.value);
});
