import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadDigits } from '../../src/data/index.js';
import { ValidationError } from '../../src/errors.js';
import { KFold, RepeatedKFold } from '../../src/split/index.js';
import { assertComplement } from './fold-reference.js';

const range = (a: number, b: number) => Array.from({ length: b - a }, (_, i) => a + i);

test('KFold(5) on digits matches scikit-learn 1.2.1 index by index', async () => {
  const { X } = await loadDigits();
  const folds = [...new KFold({ nSplits: 5 }).split(X)];
  // scikit-learn 1.2.1 KFold(5) on 1,797 rows: test = [0,360), [360,720), [720,1079), [1079,1438), [1438,1797)
  const bounds = [
    [0, 360],
    [360, 720],
    [720, 1079],
    [1079, 1438],
    [1438, 1797],
  ];
  assert.equal(folds.length, 5);
  folds.forEach((f, k) => {
    assert.deepEqual(Array.from(f.test), range(bounds[k]![0]!, bounds[k]![1]!));
    assertComplement(f, X.rows);
  });
});

test('KFold: nSplits above the number of samples names both numbers (as scikit-learn)', () => {
  assert.throws(
    () => new KFold({ nSplits: 11 }).split({ rows: 10 }),
    (e: Error) => e instanceof ValidationError && /nSplits=11 greater than the number of samples: n=10/.test(e.message),
  );
  assert.throws(() => new KFold({ nSplits: 2.5 }), /nSplits must be an integer, got 2.5/);
  assert.throws(() => new KFold({ nSplits: 1 }), /got nSplits=1/);
  assert.throws(() => new KFold({ randomState: 0 }), /shuffle is false/);
});

test('KFold with shuffle: same seed, same folds; a partition of the rows; getNSplits', () => {
  const X = { rows: 103 };
  const a = [...new KFold({ nSplits: 4, shuffle: true, randomState: 7 }).split(X)].map((f) => Array.from(f.test));
  const b = [...new KFold({ nSplits: 4, shuffle: true, randomState: 7 }).split(X)].map((f) => Array.from(f.test));
  assert.deepEqual(a, b);
  assert.deepEqual(
    a.map((t) => t.length),
    [26, 26, 26, 25],
  );
  assert.deepEqual(
    a.flat().sort((x, y) => x - y),
    range(0, 103),
  );
  assert.notDeepEqual(a[0], range(0, 26));
  assert.equal(new KFold({ nSplits: 4 }).getNSplits(), 4);
});

test('RepeatedKFold: nSplits × nRepeats folds, each repetition a partition, repetitions differ, seeded', () => {
  const rkf = new RepeatedKFold({ nSplits: 3, nRepeats: 4, randomState: 1 });
  assert.equal(rkf.getNSplits(), 12);
  const folds = [...rkf.split({ rows: 30 })].map((f) => Array.from(f.test));
  assert.equal(folds.length, 12);
  for (let r = 0; r < 4; r++)
    assert.deepEqual(
      folds
        .slice(3 * r, 3 * r + 3)
        .flat()
        .sort((x, y) => x - y),
      range(0, 30),
    );
  assert.notDeepEqual(folds[0], folds[3]);
  assert.deepEqual(
    [...new RepeatedKFold({ nSplits: 3, nRepeats: 4, randomState: 1 }).split({ rows: 30 })].map((f) => Array.from(f.test)),
    folds,
  );
  assert.throws(() => new RepeatedKFold({ nRepeats: 0 }), /nRepeats must be an integer ≥ 1, got 0/);
});
