/**
 * ClusterExecutor with no worker on its queue: the run warns at once how to
 * start one (instead of waiting silently), and an abort then leaves no keys of
 * the search behind. Redis missing: fails under CI=true, skips loudly elsewhere.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Queue } from 'bullmq';
import { loadDigits } from '../../src/data/bundled.js';
import { makeDataSet } from '../../src/data/dataset.js';
import { ClusterExecutor } from '../../src/executors/cluster/index.js';
import { deriveSeed, jobKey } from '../../src/jobs/job-key.js';
import type { FitJob } from '../../src/jobs/types.js';
import { KFold } from '../../src/split/index.js';
import type { DataSet } from '../../src/data/dataset.js';
import type { WaitingForWorkers } from '../../src/executors/cluster/index.js';
import { REDIS_URL, deleteKeysUnder, killWorkers, redisOrReason, spawnWorker, uniqueNames, type SpawnedWorker } from '../fixtures/cluster-harness.js';

const conn = await redisOrReason();

/** DummyClassifier (prior) on 2 KFold splits: 2 fits. */
function priorJobs(data: DataSet): FitJob[] {
  return [...new KFold({ nSplits: 2 }).split(data.X)].map((f, splitIndex) => {
    const params = { strategy: 'prior' };
    const scoring = { score: 'accuracy' };
    const key = jobKey({ dataId: data.id, estimatorName: 'DummyClassifier', params, train: f.train, test: f.test, scoring, returnTrainScore: false });
    return {
      key,
      candidateIndex: 0,
      splitIndex,
      estimator: { name: 'DummyClassifier', params },
      dataId: data.id,
      train: f.train,
      test: f.test,
      scoring,
      returnTrainScore: false,
      seed: deriveSeed(0, key),
    };
  });
}
test.after(() => conn.redis?.disconnect());

test('a cluster run with no live worker warns how to start one, says "waiting for workers: 0 alive"; abort leaves nothing enqueued', async (t) => {
  if (!conn.redis) {
    t.skip(`SKIPPED — ${conn.reason}`);
    process.stderr.write(`\n*** cluster test 'no worker' SKIPPED: ${conn.reason} ***\n\n`);
    return;
  }
  const digits = await loadDigits();
  const data = makeDataSet(digits.X, digits.y);
  const names = uniqueNames('noworker');
  const notes: string[] = [];
  const executor = new ClusterExecutor({
    connection: REDIS_URL,
    queueName: names.queue,
    prefix: names.prefix,
    statusIntervalMs: 200,
    log: (l) => notes.push(l),
  });
  const warnings: string[] = [];
  const onWarning = (w: Error): void => void warnings.push(w.message);
  process.on('warning', onWarning);
  try {
    const jobs = priorJobs(data);
    const ac = new AbortController();
    const got: unknown[] = [];
    const run = (async () => {
      for await (const r of executor.run(data, jobs, { signal: ac.signal })) got.push(r);
    })();
    const deadline = Date.now() + 10_000;
    while (!(warnings.some((w) => w.includes('no hyperfold worker')) && notes.length > 0) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    ac.abort();
    await run.catch(() => {});
    const w = warnings.find((x) => x.includes('no hyperfold worker'));
    assert.ok(w, `expected a warning about no worker, got: ${JSON.stringify(warnings)}`);
    assert.match(w, new RegExp(`hyperfold worker --redis <url> --queue ${names.queue} --prefix ${names.prefix}`));
    assert.equal(got.length, 0);
    // while nothing arrives, the run says why instead of going silent
    assert.match(
      notes[0] ?? '',
      new RegExp(
        `^cluster: waiting for workers: 0 alive on queue '${names.queue}' \\(2 fit\\(s\\) to go\\); start one with: hyperfold worker --redis <url> --queue ${names.queue} --prefix ${names.prefix}$`,
      ),
    );
    // the abort removed the search's waiting batches
    const queue = new Queue(names.queue, { connection: { url: REDIS_URL }, prefix: names.prefix });
    try {
      assert.equal(await queue.getWaitingCount(), 0);
    } finally {
      await queue.close();
    }
  } finally {
    process.off('warning', onWarning);
    await executor.close();
    await deleteKeysUnder(conn.redis, names.prefix);
  }
});

test('onWaiting: told {alive: 0, pending, queueName} while no worker is alive (no log line), then undefined once a real worker runs the fits', async (t) => {
  if (!conn.redis) {
    t.skip(`SKIPPED — ${conn.reason}`);
    return;
  }
  const digits = await loadDigits();
  const data = makeDataSet(digits.X, digits.y);
  const names = uniqueNames('onwaiting');
  const notes: string[] = [];
  const seen: (WaitingForWorkers | undefined)[] = [];
  let worker: Promise<SpawnedWorker> | undefined;
  const executor = new ClusterExecutor({
    connection: REDIS_URL,
    queueName: names.queue,
    prefix: names.prefix,
    statusIntervalMs: 200,
    log: (l) => notes.push(l),
    onWaiting: (w) => {
      seen.push(w);
      worker ??= spawnWorker(names); // the first report: now start a worker
    },
  });
  const onWarning = (): void => {}; // the 'no worker' warning is the other test's subject
  process.on('warning', onWarning);
  try {
    const results = [];
    for await (const r of executor.run(data, priorJobs(data))) results.push(r);
    assert.equal(results.length, 2);
    assert.ok(results.every((r) => r.ok));
    assert.deepEqual(seen[0], { alive: 0, pending: 2, queueName: names.queue });
    assert.equal(seen.at(-1), undefined, 'cleared once the worker took the fits');
    assert.equal(seen.filter((w) => w === undefined).length, 1, 'cleared once');
    assert.ok(!notes.some((l) => l.includes('waiting for workers')), `no log line when onWaiting is given: ${notes.join('\n')}`);
  } finally {
    process.off('warning', onWarning);
    if (worker) await killWorkers([await worker]);
    await executor.close();
    await deleteKeysUnder(conn.redis, names.prefix);
  }
});
