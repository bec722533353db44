/**
 * A RandomForestClassifier search on digits (its randomState left unset, so every job's seed
 * comes from the search seed and the job key): prepareData / fitIndexed are used, runs with
 * the same randomState agree exactly, and a search aborted mid-way and resumed from its
 * journal gives the same cvResults as an uninterrupted run.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDigits } from '../../src/data/bundled.js';
import { takeLabels, takeRows } from '../../src/data/matrix.js';
import type { DataSet } from '../../src/data/dataset.js';
import { RandomForestClassifier } from '../../src/estimators/forest/index.js';
import { SearchAbortedError } from '../../src/errors.js';
import type { RunOptions } from '../../src/executors/executor.js';
import { InlineExecutor } from '../../src/executors/inline.js';
import type { FitJob, FitResult } from '../../src/jobs/types.js';
import { GridSearchCV } from '../../src/search/grid-search.js';
import type { CvResults } from '../../src/search/types.js';

const digits = await loadDigits();
const rows = Int32Array.from({ length: 900 }, (_, i) => i);
const X = takeRows(digits.X, rows);
const y = takeLabels(digits.y, rows);
const grid = { nEstimators: [3, 6], maxDepth: [4, 8] };
const options = { cv: 3, randomState: 10, returnTrainScore: true };

/** Aborts its controller after `n` results. */
class AbortingExecutor extends InlineExecutor {
  private seen = 0;
  constructor(
    private readonly n: number,
    private readonly controller: AbortController,
  ) {
    super();
  }
  override async *run(data: DataSet, jobs: readonly FitJob[], opts: RunOptions = {}): AsyncIterable<FitResult> {
    for await (const r of super.run(data, jobs, opts)) {
      yield r;
      if (++this.seen === this.n) this.controller.abort();
    }
  }
}

function withoutTimes(cv: CvResults): Record<string, unknown> {
  return Object.fromEntries(Object.entries(cv).filter(([k]) => !k.endsWith('_time')));
}

test('RandomForestClassifier grid: same randomState → identical cvResults; abort + journal resume = uninterrupted run', async () => {
  const full = new GridSearchCV(new RandomForestClassifier(), grid, { ...options, executor: new InlineExecutor() });
  await full.fit(X, y);
  const repeat = new GridSearchCV(new RandomForestClassifier(), grid, { ...options, executor: new InlineExecutor() });
  await repeat.fit(X, y);
  assert.deepEqual(withoutTimes(repeat.cvResults!), withoutTimes(full.cvResults!));
  const other = new GridSearchCV(new RandomForestClassifier(), grid, { ...options, randomState: 11, executor: new InlineExecutor() });
  await other.fit(X, y);
  assert.notDeepEqual(other.cvResults!.split0_test_score, full.cvResults!.split0_test_score, 'the search seed reaches the forests');
  const mean = full.cvResults!.mean_test_score as number[];
  assert.ok(
    mean.every((m) => m > 0.6 && m <= 1),
    `forest accuracies look sane: ${mean}`,
  );
  assert.ok(full.bestEstimator.predict(X).length === X.rows);

  const journal = join(mkdtempSync(join(tmpdir(), 'hyperfold-forest-')), 'forest.jsonl');
  const controller = new AbortController();
  const first = new GridSearchCV(new RandomForestClassifier(), grid, { ...options, executor: new AbortingExecutor(7, controller) });
  await assert.rejects(
    first.fit(X, y, { journal, signal: controller.signal }),
    (e: unknown) => e instanceof SearchAbortedError && e.finished === 7 && e.total === 12,
  );
  const resumed = new GridSearchCV(new RandomForestClassifier(), grid, { ...options, executor: new InlineExecutor() });
  let ran = 0;
  let fromJournal = 0;
  resumed.on('result', () => ran++);
  resumed.on('resumed', ({ count }: { count: number }) => (fromJournal = count));
  await resumed.fit(X, y, { journal });
  assert.equal(fromJournal, 7);
  assert.equal(ran, 5);
  assert.deepEqual(withoutTimes(resumed.cvResults!), withoutTimes(full.cvResults!));
  assert.deepEqual(resumed.bestParams, full.bestParams);
  // the refit is seeded from the search seed too: same model, same predictions
  assert.deepEqual(resumed.predict(X), full.predict(X));
});
