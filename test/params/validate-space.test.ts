import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ValidationError } from '../../src/errors.js';
import { loguniform, validateSpace, type ParamOwner } from '../../src/params/index.js';

// validateSpace needs only an estimator's name and getParams(); this one has SVC's parameter names.
const svcLike: ParamOwner = {
  name: 'SVC',
  getParams: () => ({ C: 1, kernel: 'rbf', gamma: 'scale', degree: 3, coef0: 0, tol: 0.001, classWeight: null, probability: false }),
};

test('validateSpace accepts parameters the estimator has (grids, spaces, lists of them)', () => {
  validateSpace({ C: [1, 10], gamma: [0.1] }, svcLike);
  validateSpace([{ C: loguniform(1e-3, 1e3) }, { kernel: ['linear'] }], svcLike);
});

test('an unknown parameter names the estimator and lists its parameters, sorted', () => {
  assert.throws(
    () => validateSpace({ C: [1], gama: [0.1] }, svcLike),
    (e: Error) =>
      e instanceof ValidationError &&
      e.message ===
        "invalid parameter 'gama' for estimator SVC (did you mean 'gamma'?); valid parameters are: C, classWeight, coef0, degree, gamma, kernel, probability, tol",
  );
  assert.throws(() => validateSpace([{ C: [1] }, { nEstimators: [1] }], svcLike), /'nEstimators' for estimator SVC \(space 1\)/);
});

test('an empty list names the parameter', () => {
  assert.throws(() => validateSpace({ C: [] }, svcLike), /parameter 'C' has an empty list/);
  assert.throws(() => validateSpace({ C: 1 as never }, svcLike), /parameter 'C' must be a list of values or a distribution, got 1/);
});
