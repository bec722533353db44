/**
 * The table of built-in estimator modules that pool threads load on demand
 * (src/estimators/builtin.ts). This file imports no estimator up front, so the
 * registry starts empty and each load shows what it registers.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BUILTIN_ESTIMATORS, estimatorNames, loadEstimators } from '../../src/estimators/builtin.js';
import { hasEstimator, listEstimators } from '../../src/estimators/registry.js';

describe('built-in estimators loaded on demand', () => {
  it('loads only the module of the names asked for', async () => {
    assert.deepEqual(listEstimators(), []);
    await loadEstimators(['DummyClassifier', 'NotBuiltIn', 'constructor']);
    assert.deepEqual(listEstimators(), ['DummyClassifier']);
  });

  it('finds the estimators nested in a Pipeline (steps and replacement steps)', () => {
    const params = {
      steps: [
        ['scaler', { name: 'StandardScaler', params: {} }],
        ['svc', { name: 'SVC', params: { C: 1 } }],
      ],
      svc: { name: 'GaussianNB', params: {} },
      svc__C: 10,
    };
    assert.deepEqual([...estimatorNames('Pipeline', params)].sort(), ['GaussianNB', 'Pipeline', 'SVC', 'StandardScaler']);
    assert.deepEqual([...estimatorNames('SVC', { C: 1, kernel: 'rbf', classWeight: { 0: 1 } })], ['SVC']);
  });

  it('each table entry registers its name, and the table lists exactly what the estimators entry registers', async () => {
    for (const name of BUILTIN_ESTIMATORS) {
      await loadEstimators([name]);
      assert.ok(hasEstimator(name), `loading '${name}' registers it`);
    }
    await import('../../src/estimators/index.js');
    assert.deepEqual(listEstimators(), [...BUILTIN_ESTIMATORS], 'src/estimators/builtin.ts lists every estimator src/estimators/index.ts registers');
  });
});
