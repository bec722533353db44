import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadAirline, loadDigits } from '../../src/data/index.js';
import { ValidationError } from '../../src/errors.js';
import { checkCv, FoldListSplitter, GroupKFold, KFold, StratifiedKFold } from '../../src/split/index.js';

test('checkCv follows scikit-learn check_cv: undefined → 5 folds; integer → StratifiedKFold for classifiers, KFold otherwise', async () => {
  const { y } = await loadDigits();
  const a = checkCv(undefined, 'classifier', y);
  assert.ok(a instanceof StratifiedKFold);
  assert.equal(a.getNSplits(), 5);
  const b = checkCv(3, 'classifier', y);
  assert.ok(b instanceof StratifiedKFold);
  assert.equal(b.getNSplits(), 3);
  const air = await loadAirline({ rows: 200, target: 'delay_min' });
  assert.ok(checkCv(3, 'regressor', air.y) instanceof KFold);
  // A classifier with a continuous y gets KFold, as scikit-learn's type_of_target rule.
  assert.ok(checkCv(3, 'classifier', Float64Array.from([0.5, 1.5, 2.25])) instanceof KFold);
  assert.ok(checkCv(4, 'classifier') instanceof KFold);
  const g = new GroupKFold({ nSplits: 3 });
  assert.equal(checkCv(g, 'classifier', y), g);
});

test('checkCv accepts explicit folds and validates their indices', () => {
  const cv = checkCv(
    [
      { train: [2, 3, 4], test: [0, 1] },
      { train: Int32Array.from([0, 1]), test: [2, 3, 4] },
    ],
    'regressor',
  );
  assert.ok(cv instanceof FoldListSplitter);
  assert.equal(cv.getNSplits(), 2);
  const folds = [...cv.split({ rows: 5 })];
  assert.deepEqual(Array.from(folds[1]!.test), [2, 3, 4]);
  assert.ok(folds[0]!.train instanceof Int32Array);
  assert.throws(() => cv.split({ rows: 4 }), /fold 0 train\[2\] = 4 is out of range for 4 rows/);
  assert.throws(() => checkCv([{ train: [0, 1.5], test: [2] }], 'regressor'), /fold 0 train\[1\] = 1.5 is not a row index/);
  assert.throws(() => checkCv([{ train: [0], test: [] }], 'regressor'), /fold 0 test is empty/);
  assert.throws(() => checkCv([], 'regressor'), /list of folds is empty/);
  assert.throws(
    () => checkCv(1, 'regressor'),
    (e: Error) => e instanceof ValidationError && /integer ≥ 2, got 1/.test(e.message),
  );
  assert.throws(() => checkCv({ foo: 1 } as never, 'regressor'), /expected a fold count, a splitter/);
});
