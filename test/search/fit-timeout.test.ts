/**
 * fitTimeout (issue 13, item 4): a fit running past it is stopped (pool: its thread is
 * terminated and replaced) and recorded as a failure with errorClass 'FitTimeoutError',
 * scored with errorScore. scikit-learn has no per-fit timeout; the failure is recorded as
 * its `error_score` records a fit that raised (FitFailedWarning, the score column holds
 * error_score).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import '../../src/index.js';
import { loadDigits } from '../../src/data/bundled.js';
import { makeDataSet } from '../../src/data/dataset.js';
import { RandomForestClassifier } from '../../src/estimators/forest/index.js';
import { ValidationError } from '../../src/errors.js';
import { InlineExecutor } from '../../src/executors/inline.js';
import { PiscinaExecutor } from '../../src/executors/piscina/index.js';
import { fitAndScore } from '../../src/jobs/fit-and-score.js';
import type { FitFailure } from '../../src/jobs/types.js';
import { GridSearchCV } from '../../src/search/grid-search.js';
import { parseBatch, toWireFit } from '../../src/executors/cluster/protocol.js';
import { ClusterExecutor } from '../../src/executors/cluster/index.js';
import { deleteKeysUnder, killWorkers, redisOrReason, REDIS_URL, spawnWorker, uniqueNames } from '../fixtures/cluster-harness.js';

const firstLine = (e: unknown): string => (e instanceof Error ? e.message.split('\n')[0]! : String(e));

describe('fitTimeout', () => {
  it('pool: terminates the thread of a fit past fitTimeout, records FitTimeoutError scored with errorScore, and keeps running', async () => {
    const { X, y } = await loadDigits();
    const pool = new PiscinaExecutor({ maxThreads: 2 });
    try {
      // a million trees never finish in 2 s; one tree takes milliseconds
      const search = new GridSearchCV(
        new RandomForestClassifier({ randomState: 0 }),
        { nEstimators: [1, 1_000_000] },
        { cv: 2, fitTimeout: 2, errorScore: -1, executor: pool, refit: false },
      );
      const warnings: string[] = [];
      const onWarning = (w: Error): void => void warnings.push(w.message);
      process.on('warning', onWarning);
      await search.fit(X, y);
      process.off('warning', onWarning);
      const f = search.failures.slice().sort((a, b) => a.splitIndex - b.splitIndex);
      assert.deepEqual(
        f.map((x) => [x.candidateIndex, x.splitIndex, x.errorClass, x.cause]),
        [
          [1, 0, 'FitTimeoutError', 'model'],
          [1, 1, 'FitTimeoutError', 'model'],
        ],
      );
      assert.match(f[0]!.message, /^fit exceeded fitTimeout \(2 s\) after \d+\.\d\d s: stopped: the pool thread running it was terminated and replaced$/);
      const cv = search.cvResults!;
      assert.deepEqual([cv.split0_test_score![1], cv.split1_test_score![1], cv.mean_test_score![1]], [-1, -1, -1]);
      assert.ok((cv.mean_test_score![0] as number) > 0.5, 'the one-tree candidate was scored');
      assert.equal(search.bestIndex, 0);
      // the killed threads were replaced: the same pool runs another search
      const again = new GridSearchCV(
        new RandomForestClassifier({ randomState: 0 }),
        { nEstimators: [1, 2] },
        { cv: 2, fitTimeout: 60, executor: pool, refit: false },
      );
      await again.fit(X, y);
      assert.equal(again.failures.length, 0);
    } finally {
      await pool.close();
    }
    assert.equal(pool.liveThreads, 0);
  });

  it('inline: a synchronous fit cannot be interrupted; one that returns past fitTimeout is recorded as FitTimeoutError and not scored', async () => {
    const { X, y } = await loadDigits();
    const data = makeDataSet(X, y);
    const train = Int32Array.from({ length: 1200 }, (_, i) => i);
    const test = Int32Array.from({ length: 597 }, (_, i) => 1200 + i);
    // 20 trees on 1,200 rows take far more than a millisecond on any machine
    const job = {
      key: 'k',
      candidateIndex: 3,
      splitIndex: 1,
      estimator: { name: 'RandomForestClassifier', params: { nEstimators: 20, randomState: 0 } },
      dataId: data.id,
      train,
      test,
      scoring: { score: 'accuracy' },
      returnTrainScore: false,
      seed: 1,
      fitTimeout: 0.001,
    };
    const r = fitAndScore(job, data, 'inline') as FitFailure;
    assert.equal(r.ok, false);
    assert.equal(r.errorClass, 'FitTimeoutError');
    assert.equal(r.cause, 'model');
    assert.deepEqual([r.candidateIndex, r.splitIndex, r.scoreTime], [3, 1, 0]);
    assert.match(r.message, /^fit exceeded fitTimeout \(0\.001 s\) after \d+\.\d\d s: the fit finished late; it was not scored$/);
    const ok = fitAndScore({ ...job, fitTimeout: undefined }, data, 'inline');
    assert.equal(ok.ok, true);
  });

  it('cluster: the value travels with each job to the workers, whose executor enforces it', () => {
    const job = {
      key: 'k',
      candidateIndex: 0,
      splitIndex: 0,
      estimator: { name: 'RandomForestClassifier', params: {} },
      dataId: 'd',
      train: new Int32Array(1),
      test: new Int32Array(1),
      scoring: { score: 'accuracy' },
      returnTrainScore: false,
      seed: 1,
      fitTimeout: 2.5,
    };
    const wire = toWireFit(job, 'fold');
    assert.equal(wire.fitTimeout, 2.5);
    // the worker rebuilds each FitJob by spreading the wire fit: fitTimeout is on the job its pool runs
    const parsed = parseBatch(JSON.parse(JSON.stringify({ v: 1, searchId: 's', dataId: 'd', fits: [wire] })));
    assert.equal({ ...parsed.fits[0]!, train: job.train, test: job.test }.fitTimeout, 2.5);
    assert.throws(() => parseBatch({ v: 1, searchId: 's', dataId: 'd', fits: [{ ...wire, fitTimeout: -1 }] }), /malformed job data \(fit fitTimeout\)/);
    assert.equal('fitTimeout' in toWireFit({ ...job, fitTimeout: undefined }, 'fold'), false);
  });

  it("cluster: a `hyperfold worker` stops the fit past the search's fitTimeout and keeps serving", async (t) => {
    const { redis, reason } = await redisOrReason();
    if (!redis) return void t.skip(reason);
    const names = uniqueNames('fit-timeout');
    const worker = await spawnWorker(names);
    const executor = new ClusterExecutor({ connection: REDIS_URL, queueName: names.queue, prefix: names.prefix });
    try {
      const { X, y } = await loadDigits();
      const search = new GridSearchCV(
        new RandomForestClassifier({ randomState: 0 }),
        { nEstimators: [1, 1_000_000] },
        { cv: 2, fitTimeout: 2, executor, refit: false },
      );
      await search.fit(X, y);
      const f = search.failures.slice().sort((a, b) => a.splitIndex - b.splitIndex);
      assert.deepEqual(
        f.map((x) => [x.candidateIndex, x.splitIndex, x.errorClass, x.cause]),
        [
          [1, 0, 'FitTimeoutError', 'model'],
          [1, 1, 'FitTimeoutError', 'model'],
        ],
      );
      assert.match(f[0]!.message, /^fit exceeded fitTimeout \(2 s\) after \d+\.\d\d s: stopped: the pool thread running it was terminated and replaced$/);
      assert.ok(f[0]!.worker?.includes(String(worker.pid)), 'the worker process recorded it');
      assert.ok((search.cvResults!.mean_test_score![0] as number) > 0.5, 'the worker went on to fit the other candidate');
    } finally {
      await executor.close();
      await killWorkers([worker], 'SIGTERM');
      await deleteKeysUnder(redis, names.prefix);
      redis.disconnect();
    }
  });

  it('rejects a fitTimeout that is not a number of seconds > 0 before any fit', async () => {
    const { X, y } = await loadDigits();
    for (const bad of [0, -1, NaN, '5']) {
      let ran = 0;
      const exec = new InlineExecutor();
      const run = exec.run.bind(exec);
      exec.run = (...a) => (ran++, run(...a));
      const search = new GridSearchCV(new RandomForestClassifier(), { nEstimators: [1] }, { cv: 2, fitTimeout: bad as number, executor: exec });
      await assert.rejects(search.fit(X, y), (e: unknown) => {
        assert.ok(e instanceof ValidationError);
        assert.equal(firstLine(e), `fitTimeout: expected a number of seconds > 0 (e.g. 60), got ${JSON.stringify(bad) ?? String(bad)}`);
        return true;
      });
      assert.equal(ran, 0, 'no fit was dispatched');
    }
  });
});
