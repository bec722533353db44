import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ValidationError } from '../../src/errors.js';
import { ParameterGrid } from '../../src/params/index.js';

test('ParameterGrid iterates in scikit-learn 1.2.1 order: keys sorted, last key fastest', () => {
  const grid = new ParameterGrid({ nEstimators: [2, 4, 6], maxDepth: [2, 4], criterion: ['gini', 'entropy'] });
  // scikit-learn 1.2.1: list(ParameterGrid({...}))
  const ref = [
    { criterion: 'gini', maxDepth: 2, nEstimators: 2 },
    { criterion: 'gini', maxDepth: 2, nEstimators: 4 },
    { criterion: 'gini', maxDepth: 2, nEstimators: 6 },
    { criterion: 'gini', maxDepth: 4, nEstimators: 2 },
    { criterion: 'gini', maxDepth: 4, nEstimators: 4 },
    { criterion: 'gini', maxDepth: 4, nEstimators: 6 },
    { criterion: 'entropy', maxDepth: 2, nEstimators: 2 },
    { criterion: 'entropy', maxDepth: 2, nEstimators: 4 },
    { criterion: 'entropy', maxDepth: 2, nEstimators: 6 },
    { criterion: 'entropy', maxDepth: 4, nEstimators: 2 },
    { criterion: 'entropy', maxDepth: 4, nEstimators: 4 },
    { criterion: 'entropy', maxDepth: 4, nEstimators: 6 },
  ];
  assert.equal(grid.length, 12);
  assert.deepEqual([...grid], ref);
  ref.forEach((p, i) => assert.deepEqual(grid.get(i), p));
  assert.deepEqual(Object.keys(grid.get(0)), ['criterion', 'maxDepth', 'nEstimators']);
});

test('ParameterGrid over a list of dicts (with an empty dict) matches scikit-learn 1.2.1', () => {
  const grid = new ParameterGrid([{ kernel: ['linear'], C: [1, 10] }, {}, { kernel: ['rbf'], gamma: [0.001, 0.0001], C: [1, 10] }]);
  // scikit-learn 1.2.1
  const ref = [
    { C: 1, kernel: 'linear' },
    { C: 10, kernel: 'linear' },
    {},
    { C: 1, gamma: 0.001, kernel: 'rbf' },
    { C: 1, gamma: 0.0001, kernel: 'rbf' },
    { C: 10, gamma: 0.001, kernel: 'rbf' },
    { C: 10, gamma: 0.0001, kernel: 'rbf' },
  ];
  assert.equal(grid.length, 7);
  assert.deepEqual([...grid], ref);
  assert.deepEqual(grid.get(5), { C: 10, gamma: 0.001, kernel: 'rbf' });
  assert.throws(() => grid.get(7), /index 7 is out of range for a grid of 7 points/);
});

test('ParameterGrid sorts keys by code point as Python does (uppercase first, "a" before "a_b")', () => {
  const grid = new ParameterGrid({ b: [1, 2], B: [3], a_b: [true, false], a: [null] });
  // scikit-learn 1.2.1
  assert.deepEqual(
    [...grid],
    [
      { B: 3, a: null, a_b: true, b: 1 },
      { B: 3, a: null, a_b: true, b: 2 },
      { B: 3, a: null, a_b: false, b: 1 },
      { B: 3, a: null, a_b: false, b: 2 },
    ],
  );
});

test('ParameterGrid rejects empty lists and non-lists, naming the parameter', () => {
  assert.throws(
    () => new ParameterGrid({ C: [] }),
    (e: Error) => e instanceof ValidationError && /'C' has an empty list/.test(e.message),
  );
  assert.throws(() => new ParameterGrid({ C: 1 as never }), /'C' needs a list of values, got 1; wrap a single value in a list/);
  assert.equal(new ParameterGrid([]).length, 0);
});
