import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GaussianNB } from '../../src/estimators/gaussian-nb.js';
import { estimatorFromJSON } from '../../src/estimators/registry.js';
import { correct, digitsFolds } from './digits-folds.js';

test('GaussianNB split scores on digits equal scikit-learn 1.2.1 (unshuffled StratifiedKFold(3))', async () => {
  // scikit-learn 1.2.1: correct predictions per fold (of 599), cross_val_score(GaussianNB(var_smoothing=v), ...).
  // Tolerance: one test sample per fold (summing 64 log-densities in another order can flip an exact tie);
  // measured: identical.
  const sklearn: [number, number[]][] = [
    [1e-9, [495, 478, 489]],
    [1e-2, [539, 526, 534]],
  ];
  const folds = await digitsFolds();
  for (const [varSmoothing, expected] of sklearn) {
    folds.forEach((f, k) => {
      const got = correct(f.ytest, new GaussianNB({ varSmoothing }).fit(f.Xtrain, f.ytrain).predict(f.Xtest));
      assert.ok(Math.abs(got - expected[k]!) <= 1, `varSmoothing ${varSmoothing} fold ${k}: ${got} vs ${expected[k]}`);
    });
  }
});

test('GaussianNB predictProba: rows sum to 1, argmax is predict, columns in classes order; JSON round trip', async () => {
  const [f] = await digitsFolds();
  const nb = new GaussianNB({ varSmoothing: 1e-2 }).fit(f!.Xtrain, f!.ytrain);
  const P = nb.predictProba(f!.Xtest);
  const pred = nb.predict(f!.Xtest);
  for (let i = 0; i < P.rows; i++) {
    const row = Array.from(P.data.subarray(i * 10, i * 10 + 10));
    assert.ok(Math.abs(row.reduce((a, b) => a + b, 0) - 1) < 1e-9);
    assert.equal(nb.classes![row.indexOf(Math.max(...row))], pred[i]);
  }
  const back = estimatorFromJSON(JSON.parse(JSON.stringify(nb.toJSON()))) as GaussianNB;
  assert.deepEqual(Array.from(back.predictProba(f!.Xtest).data), Array.from(P.data));
  assert.throws(() => new GaussianNB({ varSmoothing: -1 }).fit(f!.Xtrain, f!.ytrain), /'varSmoothing' must be a number >= 0/);
  assert.throws(() => new GaussianNB({ priors: null } as never), /unknown parameter 'priors'; valid parameters: varSmoothing/);
  assert.equal(nb.clone().classes, undefined);
});
