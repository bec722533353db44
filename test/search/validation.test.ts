/**
 * Every validation the issue lists is a ValidationError thrown before any job runs
 * (the executor neither validates nor runs anything).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadDigits } from '../../src/data/bundled.js';
import { takeLabels, takeRows, type Labels, type Matrix } from '../../src/data/matrix.js';
import { ValidationError } from '../../src/errors.js';
import { InlineExecutor } from '../../src/executors/inline.js';
import type { DataSet } from '../../src/data/dataset.js';
import type { FitJob, FitResult } from '../../src/jobs/types.js';
import { GridSearchCV } from '../../src/search/grid-search.js';
import { RandomizedSearchCV } from '../../src/search/randomized-search.js';
import type { SearchOptions } from '../../src/search/types.js';
import { TEST_ACCURACY, TestCentroid } from './helpers/centroid.js';

const digits = await loadDigits();
const rows = Int32Array.from({ length: 120 }, (_, i) => i);
const X = takeRows(digits.X, rows);
const y = takeLabels(digits.y, rows);

class WatchingExecutor extends InlineExecutor {
  touched = 0;
  override async validate(jobs: readonly FitJob[]): Promise<void> {
    this.touched++;
    await super.validate(jobs);
  }
  override run(data: DataSet, jobs: readonly FitJob[]): AsyncIterable<FitResult> {
    this.touched++;
    return super.run(data, jobs);
  }
}

async function rejectsBeforeWork(
  make: (executor: WatchingExecutor) => { fit(X: Matrix | number[][], y: Labels | number[], o: { groups?: number[] }): Promise<unknown> },
  message: RegExp,
  Xin: Matrix | number[][] = X,
  yin: Labels | number[] = y,
  groups?: number[],
): Promise<void> {
  const executor = new WatchingExecutor();
  await assert.rejects(make(executor).fit(Xin, yin, groups ? { groups } : {}), (e: unknown) => {
    assert.ok(e instanceof ValidationError, `expected a ValidationError, got ${String(e)}`);
    assert.match(e.message, message);
    return true;
  });
  assert.equal(executor.touched, 0, 'no job was validated or run');
}

/** A grid search over TestCentroid with `opts` on top (loosely typed: these tests pass deliberate mistakes). */
const grid =
  (opts: Record<string, unknown> = {}) =>
  (executor: WatchingExecutor) =>
    new GridSearchCV(new TestCentroid(), { shrink: [0, 0.5] }, { cv: 3, scoring: TEST_ACCURACY, ...opts, executor } as SearchOptions);

test('X and y lengths differ; groups of the wrong length', async () => {
  await rejectsBeforeWork(grid(), /X has 120 rows but y has 119 values/, X, y.subarray(0, 119));
  await rejectsBeforeWork(grid(), /groups has 3 values but X has 120 rows/, X, y, [1, 2, 3]);
});

test('NaN or ±Infinity in X: first row and column, and the count', async () => {
  const data = Float64Array.from(X.data);
  data[5 * 64 + 7] = NaN;
  data[9 * 64 + 1] = Infinity;
  data[100 * 64] = -Infinity;
  await rejectsBeforeWork(grid(), /X contains 3 non-finite values \(NaN or ±Infinity\); the first is NaN at row 5, column 7/, {
    data,
    rows: X.rows,
    cols: X.cols,
  });
});

test('y with a single class for a classifier', async () => {
  await rejectsBeforeWork(grid(), /y has a single class \(4\); a classifier needs at least two classes/, X, new Float64Array(X.rows).fill(4));
});

test('fewer samples than splits (number[][] and number[] accepted at the edge)', async () => {
  const small = [
    [0, 1],
    [1, 0],
    [0, 2],
    [2, 0],
  ];
  await rejectsBeforeWork(grid({ cv: 5 }), /5.*4|4.*5/, small, [0, 1, 0, 1]);
});

test('an empty space, and nIter < 1', async () => {
  await rejectsBeforeWork((executor) => new GridSearchCV(new TestCentroid(), {}, { cv: 3, scoring: TEST_ACCURACY, executor }), /search space is empty/);
  await rejectsBeforeWork((executor) => new GridSearchCV(new TestCentroid(), [], { cv: 3, scoring: TEST_ACCURACY, executor }), /search space is empty/);
  await rejectsBeforeWork(
    (executor) => new GridSearchCV(new TestCentroid(), { shrink: [] }, { cv: 3, scoring: TEST_ACCURACY, executor }),
    /'shrink' has an empty list/,
  );
  await rejectsBeforeWork(
    (executor) => new RandomizedSearchCV(new TestCentroid(), { shrink: [0, 1] }, { nIter: 0, cv: 3, scoring: TEST_ACCURACY, executor }),
    /nIter: must be an integer ≥ 1.*got 0/,
  );
});

test('unknown parameter names, listing the valid ones', async () => {
  await rejectsBeforeWork(
    (executor) => new GridSearchCV(new TestCentroid(), { shrinkage: [0.1] }, { cv: 3, scoring: TEST_ACCURACY, executor }),
    /invalid parameter 'shrinkage' for estimator TestCentroid.*explode, randomState, shrink/,
  );
  await rejectsBeforeWork(
    (executor) => new RandomizedSearchCV(new TestCentroid(), [{ shrink: [0] }, { depth: [1] }], { cv: 3, scoring: TEST_ACCURACY, executor }),
    /invalid parameter 'depth' for estimator TestCentroid \(space 1\)/,
  );
});

test('a scoring name that does not exist lists the valid ones; a metric needing predictProba on an estimator without it', async () => {
  await rejectsBeforeWork(grid({ scoring: 'acuracy' as never }), /unknown scoring 'acuracy'.*test:accuracy/);
  await rejectsBeforeWork(grid({ scoring: ['acuracy'] as never }), /unknown scoring 'acuracy'/);
  await rejectsBeforeWork(grid({ scoring: 'test:needs_proba' }), /scoring 'test:needs_proba' needs predictProba, which TestCentroid does not provide/);
});

test('refit with several metrics must name one (as scikit-learn); bad errorScore / randomState', async () => {
  const two = { a: TEST_ACCURACY, b: TEST_ACCURACY };
  await rejectsBeforeWork(grid({ scoring: two }), /with several metrics \(a, b\) refit must name the metric/);
  await rejectsBeforeWork(grid({ scoring: two, refit: 'c' }), /refit: 'c' is not one of the scoring metrics \(a, b\)/);
  await rejectsBeforeWork(grid({ errorScore: 'ignore' as unknown as number }), /errorScore: expected a number or 'raise'/);
  await rejectsBeforeWork(grid({ randomState: 1.5 }), /randomState: expected an integer, got 1.5/);
  await rejectsBeforeWork(grid({ n_iter: 3 }), /GridSearchCV: unknown option 'n_iter'; valid options: cv, errorScore, executor/);
  await rejectsBeforeWork(
    (executor) =>
      new RandomizedSearchCV(new TestCentroid(), { shrink: [0, 1] }, { nIter: 1, n_jobs: 2, cv: 3, scoring: TEST_ACCURACY, executor } as SearchOptions),
    /RandomizedSearchCV: unknown option 'n_jobs'; valid options: .*nIter/,
  );
});
