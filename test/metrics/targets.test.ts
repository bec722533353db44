import assert from 'node:assert/strict';
import { test } from 'node:test';
import { uniqueSorted } from '../../src/metrics/targets.js';

test("uniqueSorted gives np.unique's sorted distinct labels, over small integer labels (a table) and any others (a Set)", () => {
  // np.unique(np.concatenate([[3, 0, 3, 7], [7, 1]])) -> [0, 1, 3, 7]
  assert.deepEqual(Array.from(uniqueSorted(Int32Array.from([3, 0, 3, 7]), Float64Array.from([7, 1]))), [0, 1, 3, 7]);
  // negative, fractional and large labels take the Set path, with the same ordering
  assert.deepEqual(Array.from(uniqueSorted(Float64Array.from([2, -1, 2, 0.5, 1e9]))), [-1, 0.5, 2, 1e9]);
  assert.deepEqual(Array.from(uniqueSorted(Float64Array.from([65536, 1, 65535]))), [1, 65535, 65536]);
  // -0 and 0 are one label, as in np.unique
  assert.deepEqual(Array.from(uniqueSorted(Float64Array.from([-0, 0, 1]))), [0, 1]);
  assert.deepEqual(Array.from(uniqueSorted(new Float64Array(0))), []);
});
