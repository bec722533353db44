import { test } from 'node:test';
import assert from 'node:assert/strict';
import { takeLabels, takeRows } from '../../src/data/matrix.js';
import { FitError } from '../../src/errors.js';
import { estimatorFromJSON } from '../../src/estimators/registry.js';
import { SMOClassifier } from '../../src/estimators/smo-classifier.js';
import { SVC } from '../../src/estimators/svc.js';
import { correct, digitsSubset } from './digits-folds.js';

async function split(classes: number[], n: number, nTrain: number) {
  const { X, y } = await digitsSubset(classes, n);
  const tr = Array.from({ length: nTrain }, (_, i) => i);
  const te = Array.from({ length: n - nTrain }, (_, i) => nTrain + i);
  return { Xtr: takeRows(X, tr), ytr: takeLabels(y, tr), Xte: takeRows(X, te), yte: takeLabels(y, te) };
}

test('SMOClassifier (ml-svm, one-vs-rest) on raw digits 1/7/8 with constant columns: as accurate as SVC within 3 samples', async () => {
  // Digits has all-zero columns: with ml-svm's default whitening they become NaN and it predicts one class.
  const { Xtr, ytr, Xte, yte } = await split([1, 7, 8], 300, 200);
  const smo = new SMOClassifier({ C: 10, gamma: 0.001, randomState: 0 }).fit(Xtr, ytr);
  const svc = new SVC({ C: 10, gamma: 0.001 }).fit(Xtr, ytr);
  const a = correct(yte, smo.predict(Xte));
  const b = correct(yte, svc.predict(Xte));
  svc.free();
  assert.ok(a >= b - 3 && a >= 90, `SMOClassifier ${a}/100 vs SVC ${b}/100`);
  assert.equal(new Set(smo.predict(Xte)).size, 3);
  assert.equal(smo.decisionFunction(Xte).cols, 3);
});

test('SMOClassifier: same randomState → same model; binary has one decision column with classes[1] positive', async () => {
  const { Xtr, ytr, Xte } = await split([3, 8], 140, 100);
  const make = (): SMOClassifier => new SMOClassifier({ kernel: 'linear', C: 0.01, randomState: 5 }).fit(Xtr, ytr);
  const m = make();
  assert.deepEqual(Array.from(make().decisionFunction(Xte).data), Array.from(m.decisionFunction(Xte).data));
  const d = m.decisionFunction(Xte);
  const p = m.predict(Xte);
  assert.equal(d.cols, 1);
  for (let i = 0; i < Xte.rows; i++) assert.equal(p[i], d.data[i]! > 0 ? 8 : 3);
  const back = estimatorFromJSON(JSON.parse(JSON.stringify(m.toJSON()))) as SMOClassifier;
  assert.deepEqual(Array.from(back.predict(Xte)), Array.from(p));
});

test('SMOClassifier: an exhausted iteration budget is a FitError saying what to change; bad params are named', async () => {
  const { Xtr, ytr } = await split([3, 8], 60, 60);
  assert.throws(
    () => new SMOClassifier({ maxIter: 1, C: 100, randomState: 1 }).fit(Xtr, ytr),
    (e: Error) => e instanceof FitError && /raise maxIter/.test(e.message),
  );
  assert.throws(() => new SMOClassifier({ kernel: 'poly' as 'rbf' }).fit(Xtr, ytr), /'kernel' must be one of 'rbf', 'linear'/);
  assert.throws(
    () => new SMOClassifier({ whitening: true } as never),
    /unknown parameter 'whitening'; valid parameters: C, gamma, kernel, maxIter, maxPasses, randomState, tol/,
  );
});
