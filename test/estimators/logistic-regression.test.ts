import { test } from 'node:test';
import assert from 'node:assert/strict';
import { takeLabels, takeRows } from '../../src/data/matrix.js';
import { LogisticRegression } from '../../src/estimators/logistic-regression.js';
import { Pipeline } from '../../src/estimators/pipeline.js';
import { estimatorFromJSON } from '../../src/estimators/registry.js';
import { StandardScaler } from '../../src/estimators/standard-scaler.js';
import { correct, digitsSubset } from './digits-folds.js';

async function split() {
  const { X, y } = await digitsSubset([0, 3, 8], 300);
  const tr = Array.from({ length: 200 }, (_, i) => i);
  const te = Array.from({ length: 100 }, (_, i) => 200 + i);
  return { Xtr: takeRows(X, tr), ytr: takeLabels(y, tr), Xte: takeRows(X, te), yte: takeLabels(y, te) };
}

test('LogisticRegression (one-vs-rest gradient ascent) separates three scaled digit classes', async () => {
  const { Xtr, ytr, Xte, yte } = await split();
  const pipe = Pipeline.fromSteps([
    ['scaler', new StandardScaler()],
    ['lr', new LogisticRegression({ maxIter: 200 })],
  ]);
  pipe.fit(Xtr, ytr);
  const acc = correct(yte, pipe.predict(Xte)) / yte.length;
  // scikit-learn 1.2.1's make_pipeline(StandardScaler(), LogisticRegression()) scores 100/100 on this split (so do
  // we, measured); the unregularised fixed-step OvR of ml-logistic-regression is not the same model (no C, no lbfgs,
  // not multinomial), so the assertion leaves two samples of slack.
  assert.ok(acc >= 0.98, `accuracy ${acc}`);
  const P = pipe.predictProba!(Xte);
  assert.equal(P.cols, 3);
  for (let i = 0; i < P.rows; i++) assert.ok(Math.abs(P.data[3 * i]! + P.data[3 * i + 1]! + P.data[3 * i + 2]! - 1) < 1e-9);
});

test('LogisticRegression: more steps fit the training set at least as well; intercept switch; JSON round trip', async () => {
  const { Xtr, ytr, Xte } = await split();
  const scaled = new StandardScaler().fit(Xtr);
  const Z = scaled.transform(Xtr);
  const few = correct(ytr, new LogisticRegression({ maxIter: 5 }).fit(Z, ytr).predict(Z));
  const many = correct(ytr, new LogisticRegression({ maxIter: 200 }).fit(Z, ytr).predict(Z));
  assert.ok(many >= few, `${many} < ${few}`);
  const noIntercept = new LogisticRegression({ maxIter: 50, fitIntercept: false }).fit(Z, ytr);
  assert.ok(correct(ytr, noIntercept.predict(Z)) > 150);
  const lr = new LogisticRegression({ maxIter: 50 }).fit(Z, ytr);
  const back = estimatorFromJSON(JSON.parse(JSON.stringify(lr.toJSON()))) as LogisticRegression;
  const Zte = scaled.transform(Xte);
  assert.deepEqual(Array.from(back.predictProba(Zte).data), Array.from(lr.predictProba(Zte).data));
});

test('LogisticRegression rejects what the library cannot do (C, penalty) listing the valid parameters', () => {
  assert.throws(() => new LogisticRegression({ C: 1 } as never), /unknown parameter 'C'; valid parameters: fitIntercept, learningRate, maxIter/);
  assert.throws(
    () => new LogisticRegression({ maxIter: 0 }).fit({ data: new Float64Array(2), rows: 2, cols: 1 }, Float64Array.from([0, 1])),
    /'maxIter' must be an integer >= 1/,
  );
});
