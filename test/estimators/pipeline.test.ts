import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ValidationError } from '../../src/errors.js';
import '../../src/estimators/dummy-classifier.js';
import { Pipeline } from '../../src/estimators/pipeline.js';
import { createEstimator, estimatorFromJSON } from '../../src/estimators/registry.js';
import { StandardScaler } from '../../src/estimators/standard-scaler.js';
import { SVC } from '../../src/estimators/svc.js';
import { correct, digitsFolds } from './digits-folds.js';

const steps = [
  ['scaler', { name: 'StandardScaler', params: {} }],
  ['svc', { name: 'SVC', params: { C: 1 } }],
];

test('Pipeline(StandardScaler, SVC) on digits equals scikit-learn 1.2.1 make_pipeline split scores; step__param routes C', async () => {
  // scikit-learn 1.2.1: cross_val_score(make_pipeline(StandardScaler(), SVC(C=C)), X, y, cv=StratifiedKFold(3)) × 599.
  const sklearn: [number, number[]][] = [
    [1, [577, 574, 567]],
    [10, [578, 571, 571]],
  ];
  const folds = await digitsFolds();
  for (const [C, expected] of sklearn) {
    const pipe = createEstimator('Pipeline', { steps, svc__C: C }) as Pipeline;
    assert.equal(pipe.getParams().svc__C, C);
    folds.forEach((f, k) => {
      const got = correct(f.ytest, pipe.fit(f.Xtrain, f.ytrain).predict(f.Xtest));
      assert.ok(Math.abs(got - expected[k]!) <= 1, `C=${C} fold ${k}: ${got} vs ${expected[k]}`);
    });
    (pipe.namedSteps[1]![1] as SVC).free();
  }
});

test('Pipeline getParams: steps, step names and flattened step__param, as scikit-learn get_params(deep=True)', () => {
  const pipe = new Pipeline({ steps, scaler__withMean: false, svc__kernel: 'linear' });
  const p = pipe.getParams();
  assert.deepEqual(p.scaler__withMean, false);
  assert.deepEqual(p.svc__kernel, 'linear');
  assert.deepEqual(p.svc__gamma, 'scale');
  assert.deepEqual(p.svc, { name: 'SVC', params: (pipe.namedSteps[1]![1] as SVC).getParams() });
  assert.deepEqual(
    (p.steps as unknown as [string, { name: string }][]).map(([n, s]) => [n, s.name]),
    [
      ['scaler', 'StandardScaler'],
      ['svc', 'SVC'],
    ],
  );
  pipe.setParams({ svc__C: 7, scaler__withStd: false });
  assert.equal((pipe.namedSteps[1]![1] as SVC).getParams().C, 7);
  assert.equal((pipe.namedSteps[0]![1] as StandardScaler).getParams().withStd, false);
  assert.equal(pipe.kind, 'classifier');
  assert.equal(typeof pipe.predictProba, 'function');
  // Replacing a whole step, then setting its parameters in the same call (scikit-learn's order).
  pipe.setParams({ svc: { name: 'DummyClassifier', params: {} }, svc__strategy: 'most_frequent' });
  assert.equal(pipe.namedSteps[1]![1].name, 'DummyClassifier');
  assert.equal(pipe.getParams().svc__strategy, 'most_frequent');
});

test('Pipeline errors: unknown step, unknown step parameter (with valid list), bad steps', () => {
  const pipe = new Pipeline({ steps });
  assert.throws(
    () => pipe.setParams({ knn__nNeighbors: 3 }),
    (e: Error) => e instanceof ValidationError && /names no step 'knn'; steps: scaler, svc/.test(e.message),
  );
  assert.throws(() => pipe.setParams({ svc__nu: 3 }), /cannot set 'svc__nu': SVC: unknown parameter 'nu'; valid parameters: C, cacheSize/);
  assert.throws(() => pipe.setParams({ foo: 1 }), /unknown parameter 'foo'; valid parameters: steps, scaler, svc, scaler__withMean/);
  assert.throws(() => new Pipeline({}), /'steps' is required/);
  assert.throws(() => new Pipeline({ steps: [] }), /non-empty list/);
  assert.throws(
    () =>
      new Pipeline({
        steps: [
          ['svc', { name: 'SVC', params: {} }],
          ['scaler', { name: 'StandardScaler', params: {} }],
        ],
      }),
    /step 'svc' \(SVC\) is not a transformer/,
  );
  assert.throws(() => new Pipeline({ steps: [['a__b', { name: 'SVC', params: {} }]] }), /must not contain '__'/);
  assert.throws(() => new Pipeline({ steps: [['x', { name: 'NoSuchModel', params: {} }]] }), /unknown estimator 'NoSuchModel'/);
});

test('Pipeline: registry rebuild from JSON params (as a worker does), clone is fresh, fitted JSON round trip', async () => {
  const [f] = await digitsFolds();
  const pipe = Pipeline.fromSteps([
    ['scaler', new StandardScaler()],
    ['svc', new SVC({ C: 10 })],
  ]);
  const wire = JSON.parse(JSON.stringify({ name: pipe.name, params: { ...pipe.toJSON().params, svc__gamma: 0.01 } }));
  const rebuilt = createEstimator(wire.name, wire.params) as Pipeline;
  assert.equal(rebuilt.getParams().svc__C, 10);
  assert.equal(rebuilt.getParams().svc__gamma, 0.01);
  pipe.fit(f!.Xtrain, f!.ytrain);
  const clone = pipe.clone();
  assert.deepEqual(clone.getParams(), pipe.getParams());
  assert.throws(() => clone.predict(f!.Xtest), /not fitted/);
  const back = estimatorFromJSON(JSON.parse(JSON.stringify(pipe.toJSON()))) as Pipeline;
  assert.deepEqual(Array.from(back.predict(f!.Xtest)), Array.from(pipe.predict(f!.Xtest)));
  assert.deepEqual(Array.from(back.classes!), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  const transformOnly = new Pipeline({ steps: [['scaler', { name: 'StandardScaler', params: {} }]] }).fit(f!.Xtrain, f!.ytrain);
  assert.equal(transformOnly.kind, 'transformer');
  assert.equal(transformOnly.transform(f!.Xtest).cols, 64);
  assert.equal(transformOnly.predictProba, undefined);
});

test('Pipeline rebuilt from { ...getParams(), ...candidate } (what a search sends) handles step replacement and probability support', () => {
  const pipe = new Pipeline({ steps, svc__probability: false });
  assert.equal(pipe.supportsProba(), false);
  assert.equal(new Pipeline({ steps, svc__probability: true }).supportsProba(), true);
  // Candidate replaces the SVC by a DummyClassifier: the SVC's flattened settings carried by getParams() are skipped...
  const knn = createEstimator('Pipeline', { ...pipe.getParams(), svc: { name: 'DummyClassifier', params: {} }, svc__strategy: 'uniform' }) as Pipeline;
  assert.equal(knn.namedSteps[1]![1].name, 'DummyClassifier');
  assert.equal(knn.getParams().svc__strategy, 'uniform');
  // ...but a parameter the new step lacks with a value the old step did not have is still an error.
  assert.throws(
    () => createEstimator('Pipeline', { ...pipe.getParams(), svc: { name: 'DummyClassifier', params: {} }, svc__C: 99 }),
    /cannot set 'svc__C': DummyClassifier: unknown parameter 'C'/,
  );
  // A plain candidate over a step parameter.
  const c = createEstimator('Pipeline', { ...pipe.getParams(), svc__C: 42 }) as Pipeline;
  assert.equal(c.getParams().svc__C, 42);
});
