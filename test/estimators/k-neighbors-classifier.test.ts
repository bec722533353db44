import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toMatrix } from '../../src/data/matrix.js';
import { KNeighborsClassifier } from '../../src/estimators/k-neighbors-classifier.js';
import { createEstimator, estimatorFromJSON } from '../../src/estimators/registry.js';
import { correct, digitsFolds } from './digits-folds.js';

test('KNeighborsClassifier on digits fold 0 scores as scikit-learn 1.2.1 (uniform k=5, distance k=3)', async () => {
  const [f] = await digitsFolds();
  // scikit-learn 1.2.1, StratifiedKFold(3) fold 0: KNeighborsClassifier() 574/599, (3, weights='distance') 578/599.
  // Tolerance one sample: equidistant neighbours (integer pixels) may be ordered differently; measured: identical.
  for (const [params, expected] of [
    [{}, 574],
    [{ nNeighbors: 3, weights: 'distance' }, 578],
  ] as const) {
    const got = correct(f!.ytest, new KNeighborsClassifier(params).fit(f!.Xtrain, f!.ytrain).predict(f!.Xtest));
    assert.ok(Math.abs(got - expected) <= 1, `${JSON.stringify(params)}: ${got} vs ${expected}`);
  }
});

test('KNeighborsClassifier votes as scikit-learn: ties go to the smallest label; predictProba = vote shares', () => {
  // Two neighbours each of classes 9 and 2: ml-knn would return the nearest's class (9); scikit-learn returns 2.
  const X = toMatrix([[0], [1], [-1.5], [2]]);
  const y = Float64Array.from([9, 2, 9, 2]);
  const knn = new KNeighborsClassifier({ nNeighbors: 4 }).fit(X, y);
  const q = toMatrix([[0.1]]);
  assert.equal(knn.predict(q)[0], 2);
  assert.deepEqual(Array.from(knn.classes!), [2, 9]);
  assert.deepEqual(Array.from(knn.predictProba(q).data), [0.5, 0.5]);
  const byDistance = new KNeighborsClassifier({ nNeighbors: 4, weights: 'distance' }).fit(X, y);
  assert.equal(byDistance.predict(q)[0], 9); // the closest point (distance 0.1) dominates
  const exact = byDistance.predictProba(toMatrix([[1]]));
  assert.deepEqual(Array.from(exact.data), [1, 0]); // an exact match takes all the weight, as in scikit-learn
  assert.equal(new KNeighborsClassifier({ p: 1, nNeighbors: 1 }).fit(X, y).predict(toMatrix([[1.9]]))[0], 2);
});

test('KNeighborsClassifier parameter errors and registry rebuild', () => {
  const X = toMatrix([[0], [1], [2]]);
  const y = Float64Array.from([0, 1, 1]);
  assert.throws(() => new KNeighborsClassifier({ nNeighbors: 4 }).fit(X, y), /nNeighbors = 4 but the training set has only 3 rows/);
  assert.throws(() => new KNeighborsClassifier({ p: 3 }).fit(X, y), /'p' must be an integer >= 1 <= 2/);
  assert.throws(() => new KNeighborsClassifier({ algorithm: 'kd_tree' } as never), /unknown parameter 'algorithm'; valid parameters: nNeighbors, p, weights/);
  const knn = createEstimator('KNeighborsClassifier', { nNeighbors: 1 });
  assert.equal((knn as KNeighborsClassifier).fit(X, y).predict(toMatrix([[1.2]]))[0], 1);
  assert.equal((knn as KNeighborsClassifier).clone().classes, undefined);
});

test('KNeighborsClassifier JSON round trip (training set kept, tree rebuilt) predicts identically', () => {
  const X = toMatrix([
    [0, 1],
    [1, 1],
    [2, 0],
    [3, 3],
    [4, 1],
    [5, 2],
  ]);
  const y = Float64Array.from([1, 1, 2, 2, 7, 7]);
  const knn = new KNeighborsClassifier({ nNeighbors: 3, weights: 'distance', p: 1 }).fit(X, y);
  const back = estimatorFromJSON(JSON.parse(JSON.stringify(knn.toJSON()))) as KNeighborsClassifier;
  const q = toMatrix([
    [0.5, 0.5],
    [2.5, 2],
    [4.4, 1.9],
  ]);
  assert.deepEqual(Array.from(back.predictProba(q).data), Array.from(knn.predictProba(q).data));
  assert.deepEqual(Array.from(back.classes!), [1, 2, 7]);
});
