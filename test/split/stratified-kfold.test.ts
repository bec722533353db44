import { test, mock } from 'node:test';
import assert from 'node:assert/strict';
import { loadAirline, loadDigits } from '../../src/data/index.js';
import { ValidationError } from '../../src/errors.js';
import { StratifiedKFold } from '../../src/split/index.js';
import { assertComplement, assertFoldsMatch, expandRle } from './fold-reference.js';

// Reference folds from scikit-learn 1.2.1: StratifiedKFold(k).split(X, y), written as the fold
// of every row (run-length encoded: '0*588 1*1' = 588 rows in fold 0, then one in fold 1).
const DIGITS_SKF3_RLE =
  '0*588 1*1 0*1 1*2 0*1 1*3 0*3 1*4 0*2 1*3 0*1 1*4 0*1 1*2 0*1 1*9 0*1 1*558 2*1 1*4 2*1 1*1 2*1 ' + '1*1 2*4 1*3 2*1 1*1 2*4 1*1 2*7 1*1 2*5 1*1 2*575';

const DIGITS_SKF5_RLE =
  '0*335 1*1 0*11 1*1 0*1 1*1 0*4 1*2 0*1 1*1 0*1 1*2 0*1 1*2 0*1 1*1 0*2 1*2 0*1 1*4 0*1 1*1 0*1 1' +
  '*323 2*1 1*6 2*2 1*8 2*1 1*1 2*7 1*1 2*5 1*1 2*9 1*1 2*2 1*1 2*320 3*3 2*5 3*2 2*3 3*1 2*1 3*3 2' +
  '*1 3*5 2*1 3*3 2*1 3*327 4*1 3*9 4*1 3*2 4*3 3*3 4*2 3*1 4*352';

const DIGITS_SKF10_RLE =
  '0*165 1*1 0*3 1*2 0*5 1*1 0*1 1*2 0*2 1*6 0*2 1*4 0*1 1*3 0*1 1*136 2*1 1*11 2*1 1*1 2*1 1*4 2*2' +
  ' 1*1 2*1 1*1 2*2 1*1 2*2 1*4 2*7 1*1 2*1 1*1 2*146 3*1 2*4 3*1 2*4 3*1 2*1 3*4 2*4 3*1 2*1 3*2 2' +
  '*1 3*8 2*1 3*141 4*1 3*1 4*1 3*6 4*2 3*8 4*1 3*2 4*7 3*1 4*4 3*1 4*9 3*1 4*2 3*1 4*127 5*1 4*4 5' +
  '*1 4*3 5*1 4*8 5*1 4*1 5*1 4*4 5*1 4*2 5*2 4*1 5*4 4*3 5*156 6*2 5*4 6*3 5*2 6*2 5*1 6*2 5*2 6*5' +
  ' 5*2 6*2 5*1 6*144 7*1 6*5 7*3 6*1 7*1 6*4 7*2 6*3 7*2 6*1 7*3 6*3 7*1 6*3 7*153 8*1 7*1 8*1 7*4' +
  ' 8*1 7*2 8*1 7*1 8*1 7*3 8*2 7*2 8*160 9*1 8*8 9*1 8*1 9*5 8*1 9*5 8*1 9*9 8*1 9*158';

const AIR_SKF3_RLE =
  '0*940 1*1 0*5 1*1 0*2 1*2 0*1 1*2 0*4 1*2 0*4 1*1 0*2 1*3 0*3 1*1 0*1 1*1 0*2 1*1 0*10 1*1 0*5 1' +
  '*1 0*1 1*1 0*8 1*1 0*2 1*1 0*1 1*1 0*9 1*976 2*2 1*3 2*998';

test('StratifiedKFold on digits matches scikit-learn 1.2.1 index by index (k = 3, 5, 10)', async () => {
  const { X, y } = await loadDigits();
  for (const [k, ref] of [
    [3, DIGITS_SKF3_RLE],
    [5, DIGITS_SKF5_RLE],
    [10, DIGITS_SKF10_RLE],
  ] as const) {
    assertFoldsMatch([...new StratifiedKFold({ nSplits: k }).split(X, y)], expandRle(ref));
  }
});

test('StratifiedKFold on 3,000 airline rows (delayed: 2,445 vs 555) matches scikit-learn 1.2.1', async () => {
  const { X, y } = await loadAirline({ rows: 3000 });
  assertFoldsMatch([...new StratifiedKFold({ nSplits: 3 }).split(X, y)], expandRle(AIR_SKF3_RLE));
});

// An imbalanced label vector: 50 × class 0, 7 × class 1, 3 × class 2, 1 × class 3, shuffled.
const IMBALANCED = Float64Array.from([
  0, 0, 0, 0, 0, 0, 0, 3, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 2, 0, 1, 0, 0, 0, 0, 2, 0, 2, 0, 0,
  0, 0, 0, 0, 1, 0, 0, 0,
]);

test('StratifiedKFold allocates imbalanced classes as scikit-learn 1.2.1 and warns about the small class', () => {
  const warn = mock.method(process, 'emitWarning', () => {});
  try {
    const folds = [...new StratifiedKFold({ nSplits: 5 }).split({ rows: IMBALANCED.length }, IMBALANCED)];
    // scikit-learn 1.2.1
    assert.deepEqual(
      folds.map((f) => Array.from(f.test)),
      [
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 41],
        [12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 25, 26],
        [22, 23, 24, 27, 28, 29, 30, 31, 32, 33, 34, 36],
        [35, 37, 38, 39, 40, 42, 43, 44, 45, 46, 47, 48],
        [49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60],
      ],
    );
    for (const f of folds) assertComplement(f, IMBALANCED.length);
    // scikit-learn: "The least populated class in y has only 1 members, which is less than n_splits=5."
    assert.equal(warn.mock.callCount(), 1);
    assert.match(String(warn.mock.calls[0]!.arguments[0]), /least populated class in y \(label 3\) has only 1 members, which is less than nSplits=5/);
  } finally {
    warn.mock.restore();
  }
});

test('StratifiedKFold(3) on the imbalanced vector matches scikit-learn 1.2.1', () => {
  const warn = mock.method(process, 'emitWarning', () => {});
  try {
    const folds = [...new StratifiedKFold({ nSplits: 3 }).split({ rows: IMBALANCED.length }, IMBALANCED)];
    assert.deepEqual(
      folds.map((f) => Array.from(f.test)),
      [
        [0, 1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 25, 26, 41],
        [19, 20, 21, 22, 23, 24, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 48],
        [7, 40, 42, 43, 44, 45, 46, 47, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60],
      ],
    );
  } finally {
    warn.mock.restore();
  }
});

test('StratifiedKFold: nSplits above every class count is an error naming both numbers (as scikit-learn)', () => {
  // scikit-learn 1.2.1: "n_splits=51 cannot be greater than the number of members in each class."
  assert.throws(
    () => new StratifiedKFold({ nSplits: 51 }).split({ rows: IMBALANCED.length }, IMBALANCED),
    (e: Error) => e instanceof ValidationError && /nSplits=51/.test(e.message) && /largest class has 50/.test(e.message),
  );
  assert.throws(
    () => new StratifiedKFold({ nSplits: 62 }).split({ rows: IMBALANCED.length }, IMBALANCED),
    /nSplits=62 greater than the number of samples: n=61/,
  );
});

test('StratifiedKFold rejects continuous targets, missing y and bad options', () => {
  assert.throws(() => new StratifiedKFold().split({ rows: 6 }, Float64Array.from([0.5, 1, 2, 0, 1, 2])), /y\[0\] = 0.5 makes it continuous/);
  assert.throws(() => new StratifiedKFold().split({ rows: 6 }), /y is required/);
  assert.throws(() => new StratifiedKFold({ nSplits: 1 }), /nSplits=2 or more, got nSplits=1/);
  assert.throws(() => new StratifiedKFold({ randomState: 3 }), /randomState=3 has no effect since shuffle is false/);
});

test('StratifiedKFold with shuffle: seeded, stratified, and different from the unshuffled folds', async () => {
  const { X, y } = await loadDigits();
  const a = [...new StratifiedKFold({ nSplits: 5, shuffle: true, randomState: 42 }).split(X, y)];
  const b = [...new StratifiedKFold({ nSplits: 5, shuffle: true, randomState: 42 }).split(X, y)];
  const c = [...new StratifiedKFold({ nSplits: 5, shuffle: true, randomState: 43 }).split(X, y)];
  assert.deepEqual(
    a.map((f) => Array.from(f.test)),
    b.map((f) => Array.from(f.test)),
  );
  assert.notDeepEqual(
    a.map((f) => Array.from(f.test)),
    c.map((f) => Array.from(f.test)),
  );
  const plain = [...new StratifiedKFold({ nSplits: 5 }).split(X, y)];
  a.forEach((fold, f) => {
    assertComplement(fold, X.rows);
    // Same per-class test counts as the unshuffled folds (shuffling only moves rows within a class).
    const count = (idx: Int32Array) => Array.from({ length: 10 }, (_, k) => Array.from(idx).filter((i) => y[i] === k).length);
    assert.deepEqual(count(fold.test), count(plain[f]!.test));
  });
});
