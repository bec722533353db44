/**
 * trainTestSplit sizes against scikit-learn 1.2.1's train_test_split (test = ceil(testSize · n),
 * train = n − test; figures from test/model-selection/sklearn_cross_validate.py), stratification,
 * shuffle: false, seeds, the form of the parts, and the option checks.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadDigits } from '../../src/data/bundled.js';
import { trainTestSplit } from '../../src/model-selection/train-test-split.js';

// scikit-learn 1.2.1: len(train), len(test) of train_test_split(np.arange(n), test_size=t, random_state=0)
const SK_SIZES: [number, { testSize?: number; trainSize?: number }, number, number][] = [
  [10, { testSize: 0.25 }, 7, 3],
  [11, { testSize: 0.25 }, 8, 3],
  [7, { testSize: 0.3 }, 4, 3],
  [100, { testSize: 0.33 }, 67, 33],
  [5, { testSize: 0.5 }, 2, 3],
  [10, { trainSize: 0.55 }, 5, 5],
  [11, {}, 8, 3],
];

test("sizes are scikit-learn 1.2.1's; every row lands in exactly one part; X rows stay with their y", () => {
  for (const [n, opts, nTrain, nTest] of SK_SIZES) {
    const X = Array.from({ length: n }, (_, i) => [i, -i]);
    const y = Array.from({ length: n }, (_, i) => i);
    const { XTrain, XTest, yTrain, yTest } = trainTestSplit(X, y, { ...opts, randomState: 0 });
    assert.equal(yTrain.length, nTrain, `n=${n} ${JSON.stringify(opts)} train`);
    assert.equal(yTest.length, nTest, `n=${n} ${JSON.stringify(opts)} test`);
    const used = new Set([...yTrain, ...yTest]);
    assert.equal(used.size, nTrain + nTest, 'no row in both parts');
    if (nTrain + nTest === n)
      assert.deepEqual(
        [...used].sort((a, b) => a - b),
        y,
      );
    XTrain.forEach((row, i) => assert.deepEqual(row, [yTrain[i], -yTrain[i]!]));
    XTest.forEach((row, i) => assert.deepEqual(row, [yTest[i], -yTest[i]!]));
  }
});

test('a seed gives the same split; shuffle: false takes the first rows; a Matrix and typed labels keep their form', async () => {
  const { X, y } = await loadDigits();
  const a = trainTestSplit(X, y, { testSize: 0.2, randomState: 3 });
  const b = trainTestSplit(X, y, { testSize: 0.2, randomState: 3 });
  assert.deepEqual(Array.from(a.yTest), Array.from(b.yTest));
  assert.equal(a.XTrain.rows, 1437);
  assert.equal(a.XTest.rows, 360); // ceil(0.2 · 1797)
  assert.ok(a.yTrain instanceof Float64Array || a.yTrain instanceof Int32Array);
  const c = trainTestSplit(X, y, { testSize: 0.2, randomState: 4 });
  assert.notDeepEqual(Array.from(a.yTest), Array.from(c.yTest));
  const ordered = trainTestSplit(X, y, { testSize: 0.2, shuffle: false });
  assert.deepEqual(Array.from(ordered.yTrain), Array.from(y.subarray(0, 1437)));
  assert.deepEqual(Array.from(ordered.XTest.data.subarray(0, 64)), Array.from(X.data.subarray(1437 * 64, 1438 * 64)));
});

test('stratify: true keeps the class proportions of y (string labels too)', async () => {
  const { X, y } = await loadDigits();
  const names = Array.from(y, (v) => `digit ${v}`);
  const { yTrain, yTest } = trainTestSplit(X, names, { testSize: 0.25, stratify: true, randomState: 1 });
  assert.equal(yTest.length, 450); // ceil(0.25 · 1797)
  const count = (a: string[], v: string): number => a.filter((x) => x === v).length;
  for (let d = 0; d < 10; d++) {
    const total = count(names, `digit ${d}`);
    const inTest = count(yTest, `digit ${d}`);
    assert.ok(Math.abs(inTest - total * 0.25) <= 1, `class ${d}: ${inTest} of ${total} in test`);
    assert.equal(inTest + count(yTrain, `digit ${d}`), total);
  }
});

test('bad sizes and options are errors that say what to do', () => {
  const X = [[1], [2], [3], [4]];
  const y = [0, 1, 0, 1];
  assert.throws(
    () => trainTestSplit(X, y, { testSize: 1.5 }),
    /testSize=1.5 should be either a positive integer smaller than the number of samples 4 or a fraction/,
  );
  assert.throws(() => trainTestSplit(X, y, { testSize: 0.5, trainSize: 0.7 }), /testSize \+ trainSize = 1.2/);
  assert.throws(() => trainTestSplit(X, [0, 1], {}), /X has 4 rows but y has 2 values/);
  assert.throws(() => trainTestSplit(X, y, { shuffle: false, stratify: true }), /stratified splits need shuffle: true/);
  assert.throws(() => trainTestSplit(X, y, { test_size: 0.5 } as never), /unknown option 'test_size' \(did you mean 'testSize'\?\)/);
});
