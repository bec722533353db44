import { test, mock } from 'node:test';
import assert from 'node:assert/strict';
import { loadAirline, loadDigits } from '../../src/data/index.js';
import { ValidationError } from '../../src/errors.js';
import { LeaveOneOut, LeavePOut, PredefinedSplit, RepeatedStratifiedKFold, ShuffleSplit, StratifiedShuffleSplit } from '../../src/split/index.js';
import { approximateMode } from '../../src/split/stratified-shuffle-split.js';
import { makeRng } from '../../src/params/rng.js';
import { assertComplement } from './fold-reference.js';

const tests = (it: Iterable<{ test: Int32Array }>) => [...it].map((f) => Array.from(f.test));

test('ShuffleSplit: sizes as scikit-learn (test = ceil(0.25 n), train = rest), seeded, ascending', () => {
  const ss = new ShuffleSplit({ nSplits: 3, testSize: 0.25, randomState: 0 });
  const folds = [...ss.split({ rows: 101 })];
  assert.equal(folds.length, 3);
  for (const f of folds) {
    assert.equal(f.test.length, 26); // scikit-learn: ceil(0.25 × 101)
    assertComplement(f, 101);
  }
  assert.deepEqual(tests(new ShuffleSplit({ nSplits: 3, testSize: 0.25, randomState: 0 }).split({ rows: 101 })), tests(folds));
  // Integer sizes, and a train size leaving rows out of both sets.
  const [g] = [...new ShuffleSplit({ nSplits: 1, testSize: 10, trainSize: 50, randomState: 1 }).split({ rows: 101 })];
  assert.equal(g!.test.length, 10);
  assert.equal(g!.train.length, 50);
  assert.equal(new Set([...g!.train, ...g!.test]).size, 60);
  assert.throws(
    () => new ShuffleSplit({ testSize: 200 }).split({ rows: 101 }),
    /testSize=200 should be either a positive integer smaller than the number of samples 101/,
  );
  assert.throws(() => new ShuffleSplit({ testSize: 0.6, trainSize: 0.6 }).split({ rows: 101 }), /testSize \+ trainSize = 1.2/);
});

test('StratifiedShuffleSplit keeps class proportions on 2,000 airline rows', async () => {
  const { X, y } = await loadAirline({ rows: 2000 });
  const positives = Array.from(y).filter((v) => v === 1).length;
  const folds = [...new StratifiedShuffleSplit({ nSplits: 4, testSize: 0.2, randomState: 3 }).split(X, y)];
  for (const f of folds) {
    assert.equal(f.test.length, 400);
    assert.equal(f.train.length, 1600);
    const testPos = Array.from(f.test).filter((i) => y[i] === 1).length;
    assert.ok(Math.abs(testPos - (positives * 400) / 2000) <= 1, `test positives ${testPos}`);
    assertComplement(f, 2000);
  }
  assert.notDeepEqual(Array.from(folds[0]!.test), Array.from(folds[1]!.test));
  assert.throws(() => new StratifiedShuffleSplit().split({ rows: 4 }, Float64Array.from([0, 0, 1, 2])), /has only 1 member/);
});

test('approximateMode follows scikit-learn: floors then largest remainders', () => {
  // scikit-learn docstring: _approximate_mode([4, 2], 3) == [2, 1]; ([2, 2, 2, 1], 2) gives two 1s among the tied 2s
  assert.deepEqual(approximateMode([4, 2], 3, makeRng(0)), [2, 1]);
  const m = approximateMode([2, 2, 2, 1], 2, makeRng(0));
  assert.equal(m[3], 0);
  assert.equal(
    m.reduce((a, b) => a + b),
    2,
  );
});

test('RepeatedStratifiedKFold: stratified folds per repetition, seeded, warns once', async () => {
  const { X, y } = await loadDigits();
  const rs = new RepeatedStratifiedKFold({ nSplits: 3, nRepeats: 2, randomState: 5 });
  assert.equal(rs.getNSplits(), 6);
  const folds = [...rs.split(X, y)];
  assert.equal(folds.length, 6);
  for (const f of folds) assertComplement(f, X.rows);
  assert.notDeepEqual(Array.from(folds[0]!.test), Array.from(folds[3]!.test));
  assert.deepEqual(tests(new RepeatedStratifiedKFold({ nSplits: 3, nRepeats: 2, randomState: 5 }).split(X, y)), tests(folds));
  const warn = mock.method(process, 'emitWarning', () => {});
  try {
    [...new RepeatedStratifiedKFold({ nSplits: 3, nRepeats: 3, randomState: 5 }).split({ rows: 7 }, Float64Array.from([0, 0, 0, 1, 1, 1, 2]))];
    assert.equal(warn.mock.callCount(), 1);
  } finally {
    warn.mock.restore();
  }
});

test('LeaveOneOut yields one fold per row in order and equals LeavePOut(1) from ml-cross-validation', () => {
  const loo = new LeaveOneOut();
  assert.equal(loo.getNSplits({ rows: 6 }), 6);
  const a = [...loo.split({ rows: 6 })];
  assert.deepEqual(
    a.map((f) => Array.from(f.test)),
    [[0], [1], [2], [3], [4], [5]],
  );
  assert.deepEqual(Array.from(a[2]!.train), [0, 1, 3, 4, 5]);
  assert.deepEqual(tests(new LeavePOut({ p: 1 }).split({ rows: 6 })), tests(a));
  assert.throws(() => loo.split({ rows: 1 }), /n=1 samples/);
});

test('LeavePOut: every p-subset once, in scikit-learn order (itertools.combinations)', () => {
  const lpo = new LeavePOut({ p: 2 });
  assert.equal(lpo.getNSplits({ rows: 4 }), 6);
  // scikit-learn 1.2.1 LeavePOut(2) on 4 rows
  assert.deepEqual(tests(lpo.split({ rows: 4 })), [
    [0, 1],
    [0, 2],
    [0, 3],
    [1, 2],
    [1, 3],
    [2, 3],
  ]);
  assert.equal([...new LeavePOut({ p: 3 }).split({ rows: 9 })].length, 84);
  assert.throws(() => lpo.split({ rows: 2 }), /p=2 must be smaller than the number of samples n=2/);
  assert.throws(() => new LeavePOut({ p: 5 }).split({ rows: 1797 }), /exceed 1000000/);
});

test('PredefinedSplit: one split per fold number, -1 rows always train (as scikit-learn)', () => {
  const ps = new PredefinedSplit([1, -1, 0, 1, 0, 2]);
  assert.equal(ps.getNSplits(), 3);
  const folds = [...ps.split({ rows: 6 })];
  // scikit-learn 1.2.1 PredefinedSplit([1, -1, 0, 1, 0, 2])
  assert.deepEqual(
    folds.map((f) => [Array.from(f.train), Array.from(f.test)]),
    [
      [
        [0, 1, 3, 5],
        [2, 4],
      ],
      [
        [1, 2, 4, 5],
        [0, 3],
      ],
      [[0, 1, 2, 3, 4], [5]],
    ],
  );
  assert.throws(() => ps.split({ rows: 7 }), /X has 7 rows but testFold has 6 entries/);
  assert.throws(
    () => new PredefinedSplit([0, 1.5]),
    (e: Error) => e instanceof ValidationError && /testFold\[1\] = 1.5/.test(e.message),
  );
});
