import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import '../fixtures/pool-estimators.js';
import { collect, comparable, digitsWithFolds, makeJobs } from '../fixtures/pool-jobs.js';
import { InlineExecutor } from '../../src/executors/inline.js';
import { PiscinaExecutor } from '../../src/executors/piscina/index.js';
import type { DataSet } from '../../src/data/dataset.js';
import type { Fold } from '../../src/split/splitter.js';
import type { FitFailure } from '../../src/jobs/types.js';

const FIXTURES = new URL('../fixtures/pool-estimators.ts', import.meta.url);
const SCORING = { score: 'pool_fixture_accuracy' };
const quiet = { exitOnceMarker: null, exitAlways: false, throwInFit: false };

describe('PiscinaExecutor when a thread dies', () => {
  let data: DataSet;
  let folds: Fold[];
  let dir: string;
  before(async () => {
    ({ data, folds } = await digitsWithFolds());
    dir = mkdtempSync(join(tmpdir(), 'hyperfold-pool-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('retries a job whose thread called process.exit, records it after a second death, and loses no other result', async () => {
    const pool = new PiscinaExecutor({ maxThreads: 2, modules: [FIXTURES] });
    try {
      const healthy = [0, 0.2, 0.4, 0.6].map((shrink) => ({ ...quiet, metric: 'euclidean', shrink }));
      const killer = { ...quiet, metric: 'euclidean', shrink: 0.1, exitAlways: true };
      const candidates = [healthy[0]!, healthy[1]!, killer, healthy[2]!, healthy[3]!];
      const jobs = makeJobs(data, folds, 'PoolFixtureCrash', candidates, SCORING);
      const results = await collect(pool.run(data, jobs));
      assert.equal(results.length, jobs.length, 'the run completed with one result per job');
      const failed = results.filter((r) => !r.ok) as FitFailure[];
      assert.deepEqual(failed.map((f) => f.candidateIndex).sort(), [2, 2, 2], 'only the killer candidate failed');
      for (const f of failed) {
        assert.equal(f.cause, 'infrastructure');
        assert.equal(f.attempts, 2, 'tried on two threads');
        assert.match(f.message, /died twice \(last: worker exited with code: 7\)/);
      }
      const stats = pool.lastRunStats!;
      assert.equal(stats.lost, 3);
      assert.ok(stats.retried >= 3, `each killer job was retried (retried ${stats.retried})`);
      // every other job: the same result as running it inline
      const healthyJobs = jobs.filter((j) => j.candidateIndex !== 2);
      const inline = await collect(new InlineExecutor().run(data, healthyJobs));
      const pooled = comparable(results.filter((r) => r.ok));
      assert.deepEqual(pooled, comparable(inline));
    } finally {
      await pool.close();
    }
    assert.equal(pool.liveThreads, 0);
  });

  it('a job whose thread dies once succeeds on the retry', async () => {
    const pool = new PiscinaExecutor({ maxThreads: 2, modules: [FIXTURES] });
    try {
      const marker = join(dir, 'crashed-once');
      const jobs = makeJobs(data, folds.slice(0, 1), 'PoolFixtureCrash', [{ ...quiet, metric: 'manhattan', shrink: 0, exitOnceMarker: marker }], SCORING);
      const [r] = await collect(pool.run(data, jobs));
      assert.ok(r?.ok, JSON.stringify(r));
      assert.equal(pool.lastRunStats!.retried, 1);
      assert.equal(pool.lastRunStats!.lost, 0);
    } finally {
      await pool.close();
    }
  });

  it('a fit that throws is a model error: recorded once, not retried, thread kept', async () => {
    const pool = new PiscinaExecutor({ maxThreads: 1, modules: [FIXTURES] });
    try {
      const jobs = makeJobs(
        data,
        folds,
        'PoolFixtureCrash',
        [
          { ...quiet, metric: 'euclidean', shrink: 0, throwInFit: true },
          { ...quiet, metric: 'euclidean', shrink: 0.5 },
        ],
        SCORING,
      );
      const results = await collect(pool.run(data, jobs));
      const failed = results.filter((r) => !r.ok) as FitFailure[];
      assert.equal(failed.length, 3);
      for (const f of failed) {
        assert.equal(f.cause, 'model');
        assert.equal(f.errorClass, 'RangeError');
        assert.match(f.message, /fit failed: PoolFixtureCrash: throwInFit is set/);
      }
      assert.equal(results.filter((r) => r.ok).length, 3);
      assert.equal(pool.lastRunStats!.retried, 0);
    } finally {
      await pool.close();
    }
  });
});
