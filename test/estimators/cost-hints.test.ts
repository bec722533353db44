/**
 * Cost hints declared by the estimators (registerEstimator's `costHint`), read by the
 * executors through `costHint(name, params)`: the order they give within one estimator
 * is what the pool and the cluster dispatch by before any fit has been timed.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import '../../src/estimators/index.js';
import { costHint, registerEstimator } from '../../src/estimators/registry.js';
import { DummyClassifier } from '../../src/estimators/dummy-classifier.js';

describe('cost hints', () => {
  it('forests: more and deeper trees cost more; unlimited depth counts as deep', () => {
    for (const name of ['RandomForestClassifier', 'ExtraTreesRegressor', 'MLRandomForestClassifier']) {
      assert.ok(costHint(name, { nEstimators: 10, maxDepth: 10 }) > costHint(name, { nEstimators: 10, maxDepth: 2 }), name);
      assert.ok(costHint(name, { nEstimators: 50, maxDepth: 2 }) > costHint(name, { nEstimators: 10, maxDepth: 2 }), name);
      assert.ok(costHint(name, { nEstimators: 10, maxDepth: null }) > costHint(name, { nEstimators: 10, maxDepth: 10 }), name);
    }
    assert.ok(costHint('DecisionTreeClassifier', { maxDepth: 8 }) > costHint('DecisionTreeClassifier', { maxDepth: 2 }));
  });

  it("SVMs grow with C (SVC only with libsvm-js: our solver's search fits do not), iterative solvers with maxIter, k-NN with k", () => {
    assert.ok(costHint('SVC', { C: 1000, gamma: 0.001, solver: 'libsvm' }) > costHint('SVC', { C: 0.001, gamma: 0.001, solver: 'libsvm' }));
    assert.equal(costHint('SVC', { C: 1000, gamma: 0.001 }), costHint('SVC', { C: 0.001, gamma: 0.001 }));
    assert.ok(costHint('SMOClassifier', { C: 10 }) > costHint('SMOClassifier', { C: 1 }));
    assert.ok(costHint('LogisticRegression', { maxIter: 1000 }) > costHint('LogisticRegression', { maxIter: 10 }));
    assert.ok(costHint('KNeighborsClassifier', { nNeighbors: 15 }) > costHint('KNeighborsClassifier', { nNeighbors: 1 }));
  });

  it('a Pipeline sums its steps, with step__param overrides and replaced steps', () => {
    const steps = [
      ['scaler', { name: 'StandardScaler', params: {} }],
      ['svc', { name: 'SVC', params: { C: 1, solver: 'libsvm' } }],
    ];
    const base = costHint('Pipeline', { steps });
    assert.equal(base, 1 + costHint('SVC', { C: 1, solver: 'libsvm' }));
    assert.ok(costHint('Pipeline', { steps, svc__C: 1000 }) > base);
    const forest = { name: 'RandomForestClassifier', params: { nEstimators: 100, maxDepth: 10 } };
    assert.equal(costHint('Pipeline', { steps, svc: forest }), 1 + costHint('RandomForestClassifier', forest.params));
  });

  it('an estimator without a hint, an unknown name or a bad hint costs 1', () => {
    assert.equal(costHint('DummyClassifier', { strategy: 'prior' }), 1);
    assert.equal(costHint('NoSuchEstimator', { C: 1e6 }), 1);
    registerEstimator('BadHintForCostTest', () => new DummyClassifier(), { costHint: () => NaN });
    assert.equal(costHint('BadHintForCostTest', {}), 1);
  });
});
