import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';
import { ValidationError } from '../../src/errors.js';
import * as estimators from '../../src/estimators/index.js';
import { createEstimator, describeEstimator, estimatorFromJSON, listEstimators } from '../../src/estimators/index.js';
import type { Estimator, Params } from '../../src/estimators/index.js';
import { digitsSubset } from './digits-folds.js';

const ADAPTERS = [
  'DummyClassifier',
  'DummyRegressor',
  'GaussianNB',
  'KNeighborsClassifier',
  'LogisticRegression',
  'MLRandomForestClassifier',
  'MLRandomForestRegressor',
  'SMOClassifier',
  'SVC',
  'StandardScaler',
];

test('importing the estimators barrel registers every adapter and Pipeline, with parameter metadata', () => {
  const names = listEstimators();
  for (const n of [...ADAPTERS, 'Pipeline']) assert.ok(names.includes(n), `${n} registered`);
  assert.equal(typeof estimators.SVC, 'function');
  for (const n of ADAPTERS) {
    const d = describeEstimator(n);
    assert.ok(d.doc && d.params, `${n} has doc and params`);
    const defaults = Object.fromEntries(Object.entries(d.params!).map(([k, s]) => [k, s.default]));
    assert.deepEqual(createEstimator(n).getParams(), defaults, `${n}: registered defaults are the constructor's`);
  }
});

test('every adapter: unknown parameter lists the valid ones; clone has equal params and no fitted state', async () => {
  const { X, y } = await digitsSubset([0, 1], 40);
  for (const n of ADAPTERS) {
    assert.throws(
      () => createEstimator(n, { notAParam: 1 }),
      (e: Error) =>
        e instanceof ValidationError &&
        e.message.includes("unknown parameter 'notAParam'; valid parameters: ") &&
        Object.keys(describeEstimator(n).params!).every((k) => e.message.includes(k)),
    );
    const params: Params = n.startsWith('MLRandomForest')
      ? { nEstimators: 1, maxDepth: 2, randomState: 1 }
      : n === 'KNeighborsClassifier'
        ? { nNeighbors: 3 }
        : {};
    const est = createEstimator(n, params) as Estimator;
    est.fit(X, y);
    const c = est.clone();
    assert.deepEqual(c.getParams(), est.getParams());
    assert.equal(c.toJSON().state, undefined, `${n}: clone has no fitted state`);
    if (est.kind !== 'transformer') assert.throws(() => c.predict(X), /not fitted|fit first/i, `${n}: clone predicts only after fit`);
  }
});

test('unknown estimator names list the registered ones', () => {
  assert.throws(() => createEstimator('SVM'), /unknown estimator 'SVM'; registered estimators: .*SVC/);
});

test('a worker thread rebuilds a fitted Pipeline(StandardScaler, SVC) from JSON and predicts as the main thread', async () => {
  const { X, y } = await digitsSubset([3, 5, 8], 150);
  const pipe = createEstimator('Pipeline', {
    steps: [
      ['scaler', { name: 'StandardScaler', params: {} }],
      ['svc', { name: 'SVC', params: {} }],
    ],
    svc__C: 10,
  }) as Estimator;
  pipe.fit(X, y);
  const json = JSON.parse(JSON.stringify(pipe.toJSON()));
  assert.deepEqual(Array.from((estimatorFromJSON(json) as Estimator).predict(X)), Array.from(pipe.predict(X)));
  // The worker registers tsx itself, then loads the TypeScript worker module.
  const entry = new URL('./rebuild-worker.ts', import.meta.url).href;
  const boot = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); })`;
  const worker = new Worker(boot, { eval: true, workerData: { json, X } });
  const reply = await new Promise<{ pred: number[]; exitListeners: number }>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  await worker.terminate();
  assert.deepEqual(reply.pred, Array.from(pipe.predict(X)));
  assert.equal(reply.exitListeners, 0, 'libsvm-js exit-on-rejection listener removed in the worker too');
});
