/**
 * The shared search loop, on a tiny test classifier over real digits rows: events and
 * progress, failures (errorScore NaN / 'raise' / all failing), refit options, custom
 * scorers, executor ownership, duplicate candidates, abort and journal resume.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDigits } from '../../src/data/bundled.js';
import { takeLabels, takeRows } from '../../src/data/matrix.js';
import { FitError, SearchAbortedError } from '../../src/errors.js';
import { InlineExecutor } from '../../src/executors/inline.js';
import type { DataSet } from '../../src/data/dataset.js';
import type { FitJob, FitResult } from '../../src/jobs/types.js';
import type { RunOptions } from '../../src/executors/executor.js';
import { GridSearchCV } from '../../src/search/grid-search.js';
import { RandomizedSearchCV } from '../../src/search/randomized-search.js';
import { NotFittedError } from '../../src/search/not-fitted.js';
import type { ProgressInfo, ResumedInfo } from '../../src/search/types.js';
import { getScorer } from '../../src/metrics/scorers.js';
import { TEST_ACCURACY, TestCentroid, seenSeeds } from './helpers/centroid.js';

const digits = await loadDigits();
const rows = Int32Array.from({ length: 360 }, (_, i) => i);
const X = takeRows(digits.X, rows);
const y = takeLabels(digits.y, rows);
const dir = mkdtempSync(join(tmpdir(), 'hyperfold-search-'));

/** InlineExecutor that counts runs/closes and can abort after `abortAfter` results. */
class CountingExecutor extends InlineExecutor {
  closed = 0;
  validated = 0;
  ran = 0;
  constructor(private readonly abortAfter?: { n: number; controller: AbortController }) {
    super();
  }
  override async validate(jobs: readonly FitJob[]): Promise<void> {
    this.validated++;
    await super.validate(jobs);
  }
  override async *run(data: DataSet, jobs: readonly FitJob[], options: RunOptions = {}): AsyncIterable<FitResult> {
    for await (const r of super.run(data, jobs, options)) {
      this.ran++;
      yield r;
      if (this.abortAfter && this.ran === this.abortAfter.n) this.abortAfter.controller.abort();
    }
  }
  override async close(): Promise<void> {
    this.closed++;
  }
}

const grid = { shrink: [0, 0.5, 0.9] };

test('GridSearchCV: events, progress and cvResults on a test classifier; a given executor is not closed', async () => {
  const executor = new CountingExecutor();
  const progress: ProgressInfo[] = [];
  const search = new GridSearchCV(new TestCentroid(), grid, { cv: 3, scoring: TEST_ACCURACY, executor, onProgress: (p) => progress.push(p) });
  const results: FitResult[] = [];
  let done = 0;
  search.on('result', (r: FitResult) => results.push(r));
  search.on('done', () => done++);
  await search.fit(X, y);
  assert.equal(results.length, 9);
  assert.equal(done, 1);
  assert.equal(executor.closed, 0);
  assert.equal(executor.validated, 1);
  assert.deepEqual(
    progress.map((p) => p.done),
    [1, 2, 3, 4, 5, 6, 7, 8, 9],
  );
  assert.equal(progress.at(-1)!.total, 9);
  assert.equal(progress.at(-1)!.best!.candidateIndex, search.bestIndex);
  const cv = search.cvResults!;
  assert.deepEqual(cv.param_shrink, [0, 0.5, 0.9]);
  assert.equal(search.nSplits, 3);
  assert.equal(search.multimetric, false);
  // shrinking centroids towards the mean hurts nearest-centroid accuracy on digits
  assert.deepEqual(cv.rank_test_score, [1, 2, 3]);
  assert.deepEqual(search.bestParams, { shrink: 0 });
  assert.equal(search.bestScore, cv.mean_test_score[0]);
  assert.ok(search.refitTime! >= 0);
  assert.equal(search.score(X, y), getScorer(TEST_ACCURACY).fn(search.bestEstimator, X, y));
  assert.equal(search.predict(X).length, X.rows);
  // the refitted model is the best candidate fitted on all rows
  assert.deepEqual(search.bestEstimator.getParams(), { shrink: 0, explode: false, randomState: search.bestEstimator.getParams().randomState });
});

test('same randomState → same job seeds whatever the order; identical candidates run once', async () => {
  const seeds = async (): Promise<number[]> => {
    seenSeeds.length = 0;
    const s = new GridSearchCV(
      new TestCentroid(),
      { shrink: [0.1, 0.1] },
      { cv: 3, scoring: TEST_ACCURACY, randomState: 3, executor: new InlineExecutor(), refit: false },
    );
    let ran = 0;
    s.on('result', () => ran++);
    await s.fit(X, y);
    assert.equal(ran, 3); // two identical candidates share their 3 jobs
    assert.deepEqual(s.cvResults!.split0_test_score[0], s.cvResults!.split0_test_score[1]);
    assert.deepEqual(s.cvResults!.rank_test_score, [1, 1]);
    return [...seenSeeds];
  };
  const a = await seeds();
  assert.deepEqual(await seeds(), a);
  assert.equal(new Set(a).size, 3);
});

test('errorScore NaN: a failing candidate scores NaN, ranks last, is warned about and kept in failures', async () => {
  const warnings: Error[] = [];
  const onWarning = (w: Error): void => void warnings.push(w);
  process.on('warning', onWarning);
  const search = new GridSearchCV(new TestCentroid(), [{ shrink: [0, 0.5] }, { explode: [true] }], {
    cv: 3,
    scoring: TEST_ACCURACY,
    executor: new InlineExecutor(),
  });
  await search.fit(X, y);
  await new Promise((r) => setImmediate(r));
  process.off('warning', onWarning);
  const cv = search.cvResults!;
  assert.deepEqual(cv.param_explode, [undefined, undefined, true]);
  assert.deepEqual(cv.param_shrink, [0, 0.5, undefined]);
  assert.ok(Number.isNaN(cv.mean_test_score[2] as number));
  assert.deepEqual(cv.rank_test_score, [1, 2, 3]);
  assert.equal(search.failures.length, 3);
  assert.equal(search.failures[0]!.errorClass, 'RangeError');
  assert.match(search.failures[0]!.stack!, /explode=true/);
  const w = warnings.find((x) => x.name === 'FitFailedWarning');
  assert.ok(w, 'a FitFailedWarning is emitted');
  assert.match(w.message, /3 of 9 fits failed/);
  assert.match(w.message, /candidate 2 \(\{"explode":true\}\) splits 0, 1, 2: RangeError: fit failed: explode=true/);
});

test("errorScore 'raise': the first failure rejects with candidate and split, outstanding jobs are cancelled", async () => {
  const executor = new CountingExecutor();
  const search = new GridSearchCV(new TestCentroid(), { explode: [false, true, false] }, { cv: 3, scoring: TEST_ACCURACY, errorScore: 'raise', executor });
  await assert.rejects(search.fit(X, y), (e: unknown) => {
    assert.ok(e instanceof FitError);
    assert.equal(e.candidateIndex, 1);
    assert.equal(e.splitIndex, 0);
    assert.match(e.message, /candidate 1 \(\{"explode":true\}\) split 0: RangeError: fit failed: explode=true/);
    return true;
  });
  assert.equal(executor.ran, 4); // 3 fits of candidate 0, then the failure; the other 5 never ran
  assert.equal(search.failures.length, 1); // kept for inspection even though fit rejected
});

test('every fit failing fails the search with the first error', async () => {
  const search = new GridSearchCV(new TestCentroid(), { explode: [true] }, { cv: 3, scoring: TEST_ACCURACY, executor: new InlineExecutor() });
  await assert.rejects(search.fit(X, y), /all 3 fits failed; the first: candidate 0 .* split 0: RangeError/);
});

test('refit: false / a function; bestEstimator says why it is missing', async () => {
  const multi = new GridSearchCV(new TestCentroid(), grid, {
    cv: 3,
    scoring: { acc: TEST_ACCURACY, acc2: TEST_ACCURACY },
    refit: false,
    executor: new InlineExecutor(),
  });
  await multi.fit(X, y);
  assert.equal(multi.multimetric, true);
  assert.equal(multi.bestIndex, undefined);
  assert.throws(
    () => multi.bestEstimator,
    (e: unknown) => e instanceof NotFittedError && /refit: false/.test(e.message),
  );
  assert.throws(() => multi.predict(X), NotFittedError);
  const single = new GridSearchCV(new TestCentroid(), grid, { cv: 3, scoring: TEST_ACCURACY, refit: false, executor: new InlineExecutor() });
  await single.fit(X, y);
  assert.equal(single.bestIndex, 0); // scikit-learn sets best_* for one metric even without refit
  assert.throws(() => single.bestEstimator, /refit: false/);
  const fn = new GridSearchCV(new TestCentroid(), grid, {
    cv: 3,
    scoring: { acc: TEST_ACCURACY, other: TEST_ACCURACY },
    refit: (cv) => cv.params.length - 1,
    executor: new InlineExecutor(),
  });
  await fn.fit(X, y);
  assert.equal(fn.bestIndex, 2);
  assert.deepEqual(fn.bestParams, { shrink: 0.9 });
  assert.equal(fn.bestScore, undefined);
  assert.equal(fn.bestEstimator.getParams().shrink, 0.9);
  const bad = new GridSearchCV(new TestCentroid(), grid, { cv: 3, scoring: TEST_ACCURACY, refit: () => 7, executor: new InlineExecutor() });
  await assert.rejects(bad.fit(X, y), /refit: the function returned 7; it must return a candidate index, an integer in \[0, 3\)/);
});

test('a custom scoring function is registered under a stable name and used for every metric it names', async () => {
  const errorRate = (est: TestCentroid | { predict: TestCentroid['predict'] }, Xs: typeof X, ys: typeof y): number => {
    const p = est.predict(Xs);
    let bad = 0;
    for (let i = 0; i < ys.length; i++) if (p[i] !== ys[i]) bad++;
    return -bad / ys.length;
  };
  const search = new GridSearchCV(new TestCentroid(), grid, {
    cv: 3,
    scoring: { acc: TEST_ACCURACY, neg_error: errorRate },
    refit: 'neg_error',
    executor: new InlineExecutor(),
  });
  await search.fit(X, y);
  assert.equal(search.scorerNames!.neg_error, 'custom:neg_error');
  const cv = search.cvResults!;
  for (let i = 0; i < 3; i++) assert.ok(Math.abs((cv.mean_test_neg_error[i] as number) + 1 - (cv.mean_test_acc[i] as number)) < 1e-12);
  assert.equal(search.bestIndex, 0);
});

test('abort mid-search keeps finished fits in the journal; resuming gives the same cvResults as an uninterrupted run', async () => {
  const space = { shrink: [0, 0.2, 0.4, 0.6, 0.8], explode: [false] };
  const opts = { cv: 3, scoring: TEST_ACCURACY, randomState: 11, returnTrainScore: true } as const;
  const full = new RandomizedSearchCV(new TestCentroid(), space, { ...opts, nIter: 4, executor: new InlineExecutor() });
  await full.fit(X, y);

  const journal = join(dir, 'resume.jsonl');
  const controller = new AbortController();
  const first = new RandomizedSearchCV(new TestCentroid(), space, { ...opts, nIter: 4, executor: new CountingExecutor({ n: 5, controller }) });
  await assert.rejects(first.fit(X, y, { journal, signal: controller.signal }), (e: unknown) => {
    assert.ok(e instanceof SearchAbortedError);
    assert.equal(e.finished, 5);
    assert.equal(e.total, 12);
    assert.match(e.message, /5 of 12 fits finished.*kept in the journal .*resume\.jsonl.*remaining 7/);
    return true;
  });

  const second = new RandomizedSearchCV(new TestCentroid(), space, { ...opts, nIter: 4, executor: new InlineExecutor() });
  const resumed: ResumedInfo[] = [];
  let ran = 0;
  second.on('resumed', (r: ResumedInfo) => resumed.push(r));
  second.on('result', () => ran++);
  await second.fit(X, y, { journal });
  assert.equal(resumed.length, 1);
  assert.equal(resumed[0]!.count, 5);
  assert.equal(ran, 7);
  const strip = (cv: Record<string, unknown>): Record<string, unknown> => Object.fromEntries(Object.entries(cv).filter(([k]) => !k.includes('_time')));
  assert.deepEqual(strip(second.cvResults!), strip(full.cvResults!));
  assert.deepEqual(second.bestParams, full.bestParams);

  // a third run finds everything in the journal and runs nothing
  const third = new RandomizedSearchCV(new TestCentroid(), space, { ...opts, nIter: 4, executor: new InlineExecutor() });
  let ran3 = 0;
  third.on('result', () => ran3++);
  await third.fit(X, y, { journal });
  assert.equal(ran3, 0);
  assert.deepEqual(third.cvResults, second.cvResults);

  // the same journal with another space is refused before any job runs
  const other = new RandomizedSearchCV(new TestCentroid(), { shrink: [0.3] }, { ...opts, nIter: 1, executor: new InlineExecutor() });
  await assert.rejects(other.fit(X, y, { journal }), /written for a different search: candidate parameters .* differ\. Use another journal path/);
});

test('without randomState a resumed search reuses the seed recorded in the journal', async () => {
  const journal = join(dir, 'seed.jsonl');
  const space = { shrink: [0, 0.1, 0.2, 0.3, 0.4, 0.5] };
  const a = new RandomizedSearchCV(new TestCentroid(), space, { cv: 3, nIter: 3, scoring: TEST_ACCURACY, executor: new InlineExecutor() });
  await a.fit(X, y, { journal });
  const b = new RandomizedSearchCV(new TestCentroid(), space, { cv: 3, nIter: 3, scoring: TEST_ACCURACY, executor: new InlineExecutor() });
  let ran = 0;
  b.on('result', () => ran++);
  await b.fit(X, y, { journal });
  assert.equal(ran, 0);
  assert.deepEqual(b.cvResults!.params, a.cvResults!.params);
});

test('an already-aborted signal rejects before any job runs, saying no journal was given', async () => {
  const executor = new CountingExecutor();
  const search = new GridSearchCV(new TestCentroid(), grid, { cv: 3, scoring: TEST_ACCURACY, executor });
  await assert.rejects(search.fit(X, y, { signal: AbortSignal.abort() }), /0 of 9 fits finished.*No journal was given/);
  assert.equal(executor.ran, 0);
});

test("errorScore 'raise' also raises for a failure recorded in the journal by an earlier run", async () => {
  const journal = join(dir, 'raise.jsonl');
  const space = { explode: [false, true] };
  const lenient = new GridSearchCV(new TestCentroid(), space, { cv: 3, scoring: TEST_ACCURACY, randomState: 1, errorScore: 0, executor: new InlineExecutor() });
  const silence = (): void => {};
  process.on('warning', silence);
  await lenient.fit(X, y, { journal });
  process.off('warning', silence);
  assert.equal(lenient.failures.length, 3);
  const strict = new GridSearchCV(new TestCentroid(), space, {
    cv: 3,
    scoring: TEST_ACCURACY,
    randomState: 1,
    errorScore: 'raise',
    executor: new InlineExecutor(),
  });
  let ran = 0;
  strict.on('result', () => ran++);
  await assert.rejects(strict.fit(X, y, { journal }), /candidate 1 \(\{"explode":true\}\) split 0: RangeError: .*recorded in the journal/);
  assert.equal(ran, 0);
});
