/**
 * The refit started on threads a search's last fits leave idle (src/search/refit-speculation.ts), on a real
 * 2-thread pool and a forest on digits rows. What it must keep of scikit-learn's refit: the refitted model is
 * the best candidate fitted on all rows — the same model as a whole refit — whichever candidate led while the
 * last fits ran.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadDigits } from '../../src/data/bundled.js';
import { makeDataSet } from '../../src/data/dataset.js';
import { takeLabels, takeRows } from '../../src/data/matrix.js';
import type { Estimator, Params } from '../../src/estimators/estimator.js';
import { ExecutorError } from '../../src/errors.js';
import type { Executor } from '../../src/executors/executor.js';
import { RandomForestClassifier } from '../../src/estimators/forest/index.js';
import { PiscinaExecutor } from '../../src/executors/piscina/index.js';
import { RefitSpeculation } from '../../src/search/refit-speculation.js';

const digits = await loadDigits();
const rows = Int32Array.from({ length: 900 }, (_, i) => i);
const X = takeRows(digits.X, rows);
const y = takeLabels(digits.y, rows);
const all = Int32Array.from({ length: X.rows }, (_, i) => i);
const candidates: Params[] = [
  { nEstimators: 6, maxDepth: 5 },
  { nEstimators: 9, maxDepth: 8 },
  { nEstimators: 1, maxDepth: 8 },
];
const estimatorOf = (index: number): Estimator => new RandomForestClassifier({ ...candidates[index], randomState: 7 });

function speculation(pool: Executor): RefitSpeculation {
  return new RefitSpeculation({ executor: pool, concurrency: 2, data: makeDataSet(X, y), all: () => all, signal: undefined, refitEstimator: estimatorOf });
}

/** The whole refit of candidate `index` in this thread. */
const wholeRefit = (index: number): unknown => estimatorOf(index).fit(X, y).toJSON();

/** Runs `body` with a fresh 2-thread pool, closed after it. */
async function withPool(body: (pool: PiscinaExecutor) => Promise<void>): Promise<void> {
  const pool = new PiscinaExecutor({ maxThreads: 2 });
  try {
    await body(pool);
  } finally {
    await pool.close();
  }
}

test('parts start only on idle threads; the speculated candidate, if best, gets the whole refit model', () =>
  withPool(async (pool) => {
    const s = speculation(pool);
    s.update(2, 1);
    assert.equal(s.speculated?.started, 0, 'both threads still run fits of the batch: no part starts');
    s.update(1, 1);
    assert.deepEqual(s.speculated, { candidate: 1, count: 8, started: 1 }, 'one thread idle: one part (9 trees in at most 4 parts per thread)');
    s.update(0, 1);
    assert.equal(s.speculated?.started, 2, 'both idle: a second part; the next start as parts finish');
    const done = await s.finish(1);
    assert.ok(done);
    assert.equal(done.models.length, 8);
    const joined = (estimatorOf(1) as RandomForestClassifier).joinParts(done.models);
    assert.equal(joined.nTrees, 9);
    assert.deepEqual(joined.toJSON(), wholeRefit(1));
  }));

test('when another candidate wins, nothing speculated is used; a new leader replaces the old one', () =>
  withPool(async (pool) => {
    const s = speculation(pool);
    s.update(1, 0);
    assert.equal(s.speculated?.candidate, 0);
    s.update(1, 1);
    assert.deepEqual(
      s.speculated,
      { candidate: 1, count: 8, started: 0 },
      "the leader changed: its refit is speculated from now on, once candidate 0's part has left the idle thread",
    );
    assert.equal(await s.finish(0), undefined, 'candidate 0 is not the one speculated last: the search refits it as usual');
    await s.settled();
    s.update(0, 1);
    assert.equal(s.speculated?.started, 0, 'after finish no part starts');
  }));

test('a candidate that cannot be split (1 tree) is not speculated', () =>
  withPool(async (pool) => {
    const s = speculation(pool);
    s.update(0, 2);
    assert.equal(s.speculated, undefined);
    assert.equal(await s.finish(2), undefined);
  }));

test("a part that failed while speculative runs again in the refit: only the refit's own failure would be reported", () =>
  withPool(async (pool) => {
    let failed = false;
    // the pool, except that its first run (the first speculative part) ends in an executor error
    const flaky: Executor = {
      kind: 'flaky-pool',
      concurrency: 2,
      run: (data, jobs, options) => {
        if (!failed) {
          failed = true;
          return { [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(new ExecutorError('the thread running this part died (test)')) }) };
        }
        return pool.run(data, jobs, options);
      },
      close: () => pool.close(),
    };
    const s = speculation(flaky);
    s.update(1, 1);
    await s.settled();
    assert.ok(failed, 'the first speculative part failed');
    assert.equal(s.speculated?.started, 8, 'the batch still runs one fit: the idle thread went on with the other parts, one at a time');
    const done = await s.finish(1);
    assert.ok(done);
    assert.deepEqual((estimatorOf(1) as RandomForestClassifier).joinParts(done.models).toJSON(), wholeRefit(1));
  }));
