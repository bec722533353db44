/**
 * linspace / logspace against numpy 1.24.2 (figures from test/model-selection/sklearn_cross_validate.py):
 * linspace exactly; logspace to one unit in the last place — numpy's vectorised power gives
 * 0.09999999999999999 for 10 ** -1 where logspace gives the exact decimal 0.1.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { linspace, logspace } from '../../src/params/spaces.js';

test('linspace and logspace give numpy 1.24.2 values exactly', () => {
  // np.linspace(0, 1, 7), np.linspace(-2, 3, 4, endpoint=False)
  assert.deepEqual(linspace(0, 1, 7), [0.0, 0.16666666666666666, 0.3333333333333333, 0.5, 0.6666666666666666, 0.8333333333333333, 1.0]);
  assert.deepEqual(linspace(-2, 3, 4, { endpoint: false }), [-2.0, -0.75, 0.5, 1.75]);
  // np.logspace(-3, 2, 6), np.logspace(0, 1, 4, base=2)
  const ulp = (got: number[], want: number[]): void => {
    assert.equal(got.length, want.length);
    want.forEach((w, i) => assert.ok(Math.abs(got[i]! - w) <= Math.abs(w) * 2.3e-16, `[${i}] ${got[i]} vs numpy ${w}`));
  };
  ulp(logspace(-3, 2, 6), [0.001, 0.01, 0.09999999999999999, 1.0, 10.0, 100.0]);
  assert.equal(logspace(-3, 2, 6)[2], 0.1);
  assert.deepEqual(logspace(-4, -2, 3), [0.0001, 0.001, 0.01]); // 10 ** -4 is 0.00009999999999999999 in V8
  ulp(logspace(0, 1, 4, { base: 2 }), [1.0, 1.2599210498948732, 1.5874010519681994, 2.0]);
  assert.equal(linspace(0, 1).length, 50);
  assert.deepEqual(linspace(5, 9, 1), [5]);
  assert.deepEqual(linspace(5, 9, 0), []);
  assert.throws(() => linspace(0, 1, -1), /num must be a non-negative integer, got -1/);
  assert.throws(() => logspace(0, 1, 3, { base: 0 }), /base must be a finite number > 0/);
});
