import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadAirline } from '../../src/data/index.js';
import { ValidationError } from '../../src/errors.js';
import { TimeSeriesSplit } from '../../src/split/index.js';

const range = (a: number, b: number) => Array.from({ length: b - a }, (_, i) => a + i);

/** Time order of the airline rows (the file is in random order): by month, day, departure hour. */
function timeOrder(data: Float64Array, rows: number, cols: number): number[] {
  const idx = range(0, rows);
  const key = (i: number, j: number) => data[i * cols + j]!;
  return idx.sort((a, b) => key(a, 0) - key(b, 0) || key(a, 1) - key(b, 1) || key(a, 3) - key(b, 3) || a - b);
}

test('TimeSeriesSplit(5) on 3,000 airline rows matches scikit-learn 1.2.1 index by index', async () => {
  const { X } = await loadAirline({ rows: 3000 });
  // scikit-learn 1.2.1 TimeSeriesSplit(5): [trainStart, trainEnd, testStart, testEnd)
  const ref = [
    [0, 500, 500, 1000],
    [0, 1000, 1000, 1500],
    [0, 1500, 1500, 2000],
    [0, 2000, 2000, 2500],
    [0, 2500, 2500, 3000],
  ];
  const folds = [...new TimeSeriesSplit({ nSplits: 5 }).split(X)];
  assert.deepEqual(
    folds.map((f) => [Array.from(f.train), Array.from(f.test)]),
    ref.map(([a, b, c, d]) => [range(a!, b!), range(c!, d!)]),
  );
  // On time-sorted rows every training flight departs no later than every test flight.
  const order = timeOrder(X.data, X.rows, X.cols);
  const t = (k: number) => X.data[order[k]! * X.cols + 0]! * 1e4 + X.data[order[k]! * X.cols + 1]! * 100 + X.data[order[k]! * X.cols + 3]!;
  for (const f of folds) assert.ok(t(f.train[f.train.length - 1]!) <= t(f.test[0]!));
});

test('TimeSeriesSplit with maxTrainSize, testSize and gap matches scikit-learn 1.2.1', () => {
  // scikit-learn 1.2.1 TimeSeriesSplit(4, max_train_size=500, test_size=300, gap=25) on 3,000 rows
  const ref = [
    [1275, 1775, 1800, 2100],
    [1575, 2075, 2100, 2400],
    [1875, 2375, 2400, 2700],
    [2175, 2675, 2700, 3000],
  ];
  const folds = [...new TimeSeriesSplit({ nSplits: 4, maxTrainSize: 500, testSize: 300, gap: 25 }).split({ rows: 3000 })];
  assert.deepEqual(
    folds.map((f) => [Array.from(f.train), Array.from(f.test)]),
    ref.map(([a, b, c, d]) => [range(a!, b!), range(c!, d!)]),
  );
});

test('TimeSeriesSplit: too many splits names the numbers (as scikit-learn)', () => {
  // scikit-learn 1.2.1: "Too many splits=10 for number of samples=3000 with test_size=300 and gap=5."
  assert.throws(
    () => new TimeSeriesSplit({ nSplits: 10, testSize: 300, gap: 5 }).split({ rows: 3000 }),
    (e: Error) => e instanceof ValidationError && /too many splits=10 for number of samples=3000 with testSize=300 and gap=5/.test(e.message),
  );
  assert.throws(() => new TimeSeriesSplit({ nSplits: 5 }).split({ rows: 5 }), /number of folds=6 \(nSplits \+ 1\) greater than the number of samples=5/);
  assert.throws(() => new TimeSeriesSplit({ gap: -1 }), /gap must be an integer ≥ 0, got -1/);
});
