import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { PoolFixtureCentroid } from '../fixtures/pool-estimators.js';
import { digitsWithFolds, makeJobs } from '../fixtures/pool-jobs.js';
import { PiscinaExecutor } from '../../src/executors/piscina/index.js';
import { GridSearchCV } from '../../src/search/grid-search.js';
import { SearchAbortedError } from '../../src/errors.js';
import type { FitResult } from '../../src/jobs/types.js';

const FIXTURES = new URL('../fixtures/pool-estimators.ts', import.meta.url);
const SCORING = { score: 'pool_fixture_accuracy' };

describe('PiscinaExecutor cancellation', () => {
  it('stops dispatch on abort, abandons running jobs, and close() leaves no thread running', async () => {
    const { data, folds } = await digitsWithFolds();
    const pool = new PiscinaExecutor({ maxThreads: 2, modules: [FIXTURES] });
    const candidates = Array.from({ length: 60 }, (_, i) => ({ metric: i % 2 ? 'manhattan' : 'euclidean', shrink: i / 100 }));
    const jobs = makeJobs(data, folds, 'PoolFixtureCentroid', candidates, SCORING);
    const controller = new AbortController();
    const got: FitResult[] = [];
    for await (const r of pool.run(data, jobs, { signal: controller.signal })) {
      got.push(r);
      if (got.length === 5) controller.abort();
    }
    assert.ok(got.length >= 5 && got.length < jobs.length, `stopped early: ${got.length} of ${jobs.length}`);
    assert.ok(pool.liveThreads > 0, 'threads were running');
    await pool.close();
    assert.equal(pool.liveThreads, 0, 'no thread left behind');
    await pool.close(); // idempotent
  });

  it('an aborted search keeps its finished fits in the journal and leaves no pool thread behind', async () => {
    const { data } = await digitsWithFolds();
    const dir = mkdtempSync(join(tmpdir(), 'hyperfold-pool-abort-'));
    const pool = new PiscinaExecutor({ maxThreads: 2, modules: [FIXTURES] });
    try {
      const journal = join(dir, 'search.jsonl');
      const controller = new AbortController();
      let progressed = 0;
      const grid = { metric: ['euclidean', 'manhattan'], shrink: Array.from({ length: 30 }, (_, i) => i / 40) };
      const search = new GridSearchCV(new PoolFixtureCentroid(), grid, {
        cv: 3,
        scoring: 'pool_fixture_accuracy',
        executor: pool,
        onProgress: () => {
          if (++progressed === 6) controller.abort();
        },
      });
      await assert.rejects(search.fit(data.X, data.y, { journal, signal: controller.signal }), SearchAbortedError);
      const lines = readFileSync(journal, 'utf8').trim().split('\n');
      // the header line plus at least the six results seen before the abort
      assert.ok(lines.length - 1 >= 6, `journal holds ${lines.length - 1} results`);
      assert.ok(lines.length - 1 < 180, 'the search stopped early');
    } finally {
      await pool.close();
      rmSync(dir, { recursive: true, force: true });
    }
    assert.equal(pool.liveThreads, 0);
  });
});
