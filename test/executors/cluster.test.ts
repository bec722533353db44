/**
 * ClusterExecutor end to end: real Redis, real `hyperfold worker` child
 * processes (own pids), the digits data set and the histogram forest / tree
 * estimators. Each test has its own queue name and key prefix and removes its
 * keys afterwards. Redis missing: fails under CI=true, skips loudly elsewhere.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import type { Redis } from 'ioredis';
import { Queue } from 'bullmq';
import '../fixtures/cluster-modules.js';
import { loadDigits } from '../../src/data/bundled.js';
import { makeDataSet, type DataSet } from '../../src/data/dataset.js';
import type { Estimator, Params } from '../../src/estimators/estimator.js';
import { createEstimator } from '../../src/estimators/registry.js';
import { ExecutorError, ValidationError } from '../../src/errors.js';
import { ClusterExecutor } from '../../src/executors/cluster/index.js';
import { InlineExecutor } from '../../src/executors/inline.js';
import { fitAndScore } from '../../src/jobs/fit-and-score.js';
import { deriveSeed, jobKey } from '../../src/jobs/job-key.js';
import type { FitJob, FitResult } from '../../src/jobs/types.js';
import { GridSearchCV } from '../../src/search/index.js';
import { SVC } from '../../src/estimators/svc.js';
import { StratifiedKFold } from '../../src/split/index.js';
import {
  REDIS_URL,
  deleteKeysUnder,
  keysUnder,
  killWorkers,
  redisOrReason,
  spawnWorker,
  uniqueNames,
  type SpawnedWorker,
} from '../fixtures/cluster-harness.js';
import { until } from '../fixtures/cluster-faults.js';

const digits = await loadDigits();
const conn = await redisOrReason();

/** Jobs of a grid over `name` on digits, 3 stratified folds, as a search builds them. */
function makeJobs(data: DataSet, name: string, candidates: Params[], seed = 0): FitJob[] {
  const folds = [...new StratifiedKFold({ nSplits: 3 }).split(data.X, data.y)];
  const jobs: FitJob[] = [];
  candidates.forEach((params, candidateIndex) => {
    folds.forEach((f, splitIndex) => {
      const scoring = { score: 'accuracy' };
      const key = jobKey({ dataId: data.id, estimatorName: name, params, train: f.train, test: f.test, scoring, returnTrainScore: false });
      jobs.push({
        key,
        candidateIndex,
        splitIndex,
        estimator: { name, params },
        dataId: data.id,
        train: f.train,
        test: f.test,
        scoring,
        returnTrainScore: false,
        seed: deriveSeed(seed, key),
      });
    });
  });
  return jobs;
}

/** A fresh digits DataSet with the forest's binned payload computed (as a search does before dispatch). */
function forestData(): DataSet {
  const data = makeDataSet(digits.X, digits.y);
  (createEstimator('RandomForestClassifier', {}) as Estimator).prepareData?.(data);
  return data;
}

async function collect(it: AsyncIterable<FitResult>): Promise<FitResult[]> {
  const out: FitResult[] = [];
  for await (const r of it) out.push(r);
  return out;
}

/** Runs `body` with two fresh workers on a fresh queue/prefix; kills them and removes every key afterwards. */
async function withCluster(
  label: string,
  t: { skip(msg: string): void },
  body: (ctx: { redis: Redis; names: { queue: string; prefix: string }; workers: SpawnedWorker[]; executor: ClusterExecutor }) => Promise<void>,
  executorOptions: Partial<ConstructorParameters<typeof ClusterExecutor>[0]> = {},
): Promise<void> {
  if (!conn.redis) {
    t.skip(`SKIPPED — ${conn.reason}`);
    process.stderr.write(`\n*** cluster test '${label}' SKIPPED: ${conn.reason} ***\n\n`);
    return;
  }
  const redis = conn.redis;
  const names = uniqueNames(label);
  const workers: SpawnedWorker[] = [];
  const executor = new ClusterExecutor({ connection: REDIS_URL, queueName: names.queue, prefix: names.prefix, watchdogMs: 3000, ...executorOptions });
  try {
    workers.push(...(await Promise.all([spawnWorker(names), spawnWorker(names)])));
    await body({ redis, names, workers, executor });
  } finally {
    await executor.close();
    await killWorkers(workers);
    await deleteKeysUnder(redis, names.prefix);
  }
}

/**
 * Sends `signal` to a worker while it holds a batch none of whose fits has finished yet
 * (BullMQ records the worker name, host:pid, on the active job). Polls until `stop()` is true.
 */
async function signalMidBatch(names: { queue: string; prefix: string }, worker: SpawnedWorker, signal: NodeJS.Signals, stop: () => boolean): Promise<boolean> {
  const queue = new Queue(names.queue, { connection: { host: '127.0.0.1', port: Number(new URL(REDIS_URL).port || 6379) }, prefix: names.prefix });
  try {
    while (!stop()) {
      const active = (await queue.getJobs(['active'])).filter((j) => j?.processedBy?.endsWith(`:${worker.pid}`));
      for (const j of active) {
        const data = j.data as { searchId: string; fits: { key: string }[] };
        const stored = await conn.redis!.hmget(`${names.prefix}:hf:search:${data.searchId}:results`, ...data.fits.map((f) => f.key));
        if (stored.every((v) => v === null)) {
          process.kill(worker.pid, signal);
          return true;
        }
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    return false;
  } finally {
    await queue.close();
  }
}

test.after(() => conn.redis?.disconnect());

test('a GridSearchCV on the cluster gives the same cvResults as InlineExecutor; only the TTL-ed data stays in Redis', async (t) => {
  await withCluster('equal', t, async ({ redis, names, executor }) => {
    const grid = { maxDepth: [2, 4, 8], minSamplesLeaf: [1, 5] };
    const est = (): Estimator => createEstimator('DecisionTreeClassifier', {}) as Estimator;
    const onCluster = await new GridSearchCV(est(), grid, { cv: 3, randomState: 0, executor }).fit(digits.X, digits.y);
    const inline = await new GridSearchCV(est(), grid, { cv: 3, randomState: 0, executor: new InlineExecutor() }).fit(digits.X, digits.y);
    for (const [col, values] of Object.entries(inline.cvResults!)) {
      if (col.includes('time')) continue;
      assert.deepEqual((onCluster.cvResults as Record<string, unknown>)[col], values, `cvResults column ${col}`);
    }
    assert.deepEqual(onCluster.bestParams, inline.bestParams);
    // validate() checks estimator names against what the live workers registered
    const data = makeDataSet(digits.X, digits.y);
    const [job] = makeJobs(data, 'DecisionTreeClassifier', [{ maxDepth: 2 }]);
    await executor.validate([job!]);
    await assert.rejects(executor.validate([{ ...job!, estimator: { name: 'NoSuchClassifier', params: {} } }]), (err: Error) => {
      assert.ok(err instanceof ValidationError);
      assert.match(err.message, /NoSuchClassifier.*--modules/s);
      return true;
    });
    const stats = executor.lastRun!;
    assert.equal(stats.fits, 18);
    assert.equal(stats.enqueued, 18);
    assert.ok(stats.dataBytes > digits.X.data.byteLength, 'the data set (X, y, binned payload) went to Redis once');

    const keys = await keysUnder(redis, names.prefix);
    assert.deepEqual(
      keys.filter((k) => k.includes(':hf:search:')),
      [],
      'no keys of the search left',
    );
    const dataKeys = keys.filter((k) => k.includes(':hf:data:'));
    assert.equal(dataKeys.length, 1, 'the data set is stored once, content-addressed');
    const ttl = await redis.ttl(dataKeys[0]!);
    assert.ok(ttl > 0 && ttl <= 86_400, `the data set has a TTL (got ${ttl})`);
    assert.equal(await redis.llen(`${names.prefix}:${names.queue}:wait`), 0);
  });
});

test('SVC (our solver) on the cluster equals inline: each worker process builds its own Gram matrix and kernel arena, neither goes through Redis', async (t) => {
  await withCluster('svc', t, async ({ executor }) => {
    const grid = { C: [1, 1000], gamma: [1e-3, 1e-2] };
    const onCluster = await new GridSearchCV(new SVC(), grid, { cv: 3, executor }).fit(digits.X, digits.y);
    const inline = await new GridSearchCV(new SVC(), grid, { cv: 3, executor: new InlineExecutor() }).fit(digits.X, digits.y);
    for (const [col, values] of Object.entries(inline.cvResults)) {
      if (col.includes('time')) continue;
      assert.deepEqual((onCluster.cvResults as Record<string, unknown>)[col], values, `cvResults column ${col}`);
    }
    // X (1,797 × 64 doubles) and y only: the 25.8 MB Gram and the arena are process-local payloads
    const stats = executor.lastRun!;
    assert.ok(stats.dataBytes < digits.X.data.byteLength + 64 * 1024, `data shipped: ${stats.dataBytes} bytes`);
  });
});

test('a worker SIGKILLed mid-search: its batch comes back, the search completes, every (candidate, split) exactly once', async (t) => {
  await withCluster(
    'kill',
    t,
    async ({ workers, executor, names }) => {
      const data = forestData();
      const candidates = [10, 20, 30, 40].flatMap((nEstimators) => [6, 10].map((maxDepth) => ({ nEstimators, maxDepth, randomState: 0 })));
      const jobs = makeJobs(data, 'RandomForestClassifier', candidates);
      const victim = workers[0]!;
      let done = false;
      const killer = signalMidBatch(names, victim, 'SIGKILL', () => done);
      const results: FitResult[] = [];
      try {
        for await (const r of executor.run(data, jobs)) results.push(r);
      } finally {
        done = true;
      }
      assert.ok(await killer, 'the victim was signalled mid-batch');
      assert.equal(victim.child.signalCode, 'SIGKILL', 'the victim was killed mid-batch');
      const stats = executor.lastRun!;
      const recovered = (): boolean => /recovered after \d+ stall/.test(workers[1]!.log.join('\n')) || stats.requeued > 0;
      // the survivor prints its line for a batch after storing the batch's results, so the run can end before the line
      // arrives on its stdout: wait for it (bounded), then assert as before
      await until(recovered, 10_000, "the survivor's log line").catch(() => undefined);
      assert.ok(recovered(), `the survivor ran the batch the victim held (requeued by the coordinator: ${stats.requeued}):\n${workers[1]!.log.join('\n')}`);
      assert.equal(results.length, jobs.length, 'nothing missing');
      assert.equal(new Set(results.map((r) => r.key)).size, jobs.length, 'nothing duplicated');
      assert.ok(
        results.every((r) => r.ok),
        'every fit succeeded',
      );
      // same scores as running the same jobs here
      const byKey = new Map(results.map((r) => [r.key, r]));
      for (const job of jobs.slice(0, 6)) {
        const here = fitAndScore(job, data);
        assert.ok(here.ok);
        const there = byKey.get(job.key)!;
        assert.ok(there.ok);
        assert.deepEqual(there.testScores, here.testScores, `job ${job.key}`);
      }
    },
    { batchSize: 2 },
  );
});

test('a coordinator aborted mid-search and run again enqueues only the missing jobs', async (t) => {
  await withCluster(
    'resume',
    t,
    async ({ redis, executor, names }) => {
      const data = forestData();
      const candidates = [10, 20, 30, 40].flatMap((nEstimators) => [6, 10].map((maxDepth) => ({ nEstimators, maxDepth, randomState: 0 })));
      const jobs = makeJobs(data, 'RandomForestClassifier', candidates);
      const ac = new AbortController();
      const first: FitResult[] = [];
      for await (const r of executor.run(data, jobs, { signal: ac.signal })) {
        first.push(r);
        if (first.length === 5) ac.abort();
      }
      const searchId = executor.lastRun!.searchId;
      assert.equal(await redis.get(`${names.prefix}:hf:search:${searchId}:state`), 'cancelled');
      const stored = await redis.hlen(`${names.prefix}:hf:search:${searchId}:results`);
      assert.ok(stored >= 5 && stored < jobs.length, `some results stored (${stored})`);
      // no waiting batch of the cancelled search is left in the queue
      assert.equal(await redis.llen(`${names.prefix}:${names.queue}:wait`), 0);

      const second = await collect(executor.run(data, jobs));
      const stats = executor.lastRun!;
      assert.equal(stats.searchId, searchId, 'same jobs, same search id');
      assert.equal(stats.resumed, stored);
      assert.equal(stats.enqueued, jobs.length - stored, 'only the missing jobs are enqueued');
      assert.equal(second.length, jobs.length);
      assert.equal(new Set(second.map((r) => r.key)).size, jobs.length);
      const again = new Map(second.map((r) => [r.key, r]));
      for (const r of first) assert.deepEqual(again.get(r.key), r, 'a stored result is reused, not rerun');
      assert.equal((await keysUnder(redis, names.prefix)).filter((k) => k.includes(':hf:search:')).length, 0);
    },
    { batchSize: 2 },
  );
});

test('a fit that throws is a model error: recorded once with its stack, host and worker id, not retried', async (t) => {
  await withCluster('fiterror', t, async ({ workers, executor }) => {
    const data = makeDataSet(digits.X, digits.y);
    const jobs = makeJobs(data, 'DecisionTreeClassifier', [{ maxDepth: 3 }, { maxDepth: -1 }]);
    const results = await collect(executor.run(data, jobs));
    assert.equal(results.length, 6);
    const failures = results.filter((r) => !r.ok);
    assert.equal(failures.length, 3, 'the three folds of maxDepth -1 fail');
    const pids = workers.map((w) => w.pid);
    for (const f of failures) {
      assert.ok(!f.ok);
      assert.equal(f.cause, 'model');
      assert.equal(f.candidateIndex, 1);
      assert.match(f.message, /maxDepth/);
      assert.match(f.stack ?? '', /\n\s+at /, 'the stack is kept');
      const m = /^(.+):(\d+)/.exec(f.worker ?? '');
      assert.ok(m && pids.includes(Number(m[2])), `worker id host:pid of a spawned worker, got ${f.worker}`);
    }
    const retries = workers.flatMap((w) => w.log).filter((l) => l.includes('attempt'));
    assert.deepEqual(retries, [], 'no batch was retried');
  });
});

test('a Redis URL on a closed port fails fast with an ExecutorError naming the URL; nothing is enqueued', async (t) => {
  if (!conn.redis) return t.skip(`SKIPPED — ${conn.reason}`);
  const port = await new Promise<number>((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const p = (srv.address() as { port: number }).port;
      srv.close(() => resolve(p));
    });
  });
  const names = uniqueNames('closed');
  const url = `redis://127.0.0.1:${port}`;
  const executor = new ClusterExecutor({ connection: url, queueName: names.queue, prefix: names.prefix, connectTimeoutMs: 2000 });
  const data = makeDataSet(digits.X, digits.y);
  const jobs = makeJobs(data, 'DecisionTreeClassifier', [{ maxDepth: 3 }]);
  try {
    await assert.rejects(collect(executor.run(data, jobs)), (err: Error) => {
      assert.ok(err instanceof ExecutorError, `an ExecutorError, got ${err.name}`);
      assert.ok(err.message.includes(`127.0.0.1:${port}`), err.message);
      assert.match(err.message, /nothing was enqueued/);
      return true;
    });
    await assert.rejects(executor.validate(jobs), ExecutorError);
    const bad = new ClusterExecutor({ connection: 'redis://:s3cret@127.0.0.1:' + port, prefix: names.prefix, connectTimeoutMs: 1000 });
    await assert.rejects(bad.validate(jobs), (err: Error) => !err.message.includes('s3cret') && err.message.includes('***'));
    await bad.close();
  } finally {
    await executor.close();
  }
  assert.deepEqual(await keysUnder(conn.redis, names.prefix), [], 'nothing reached any Redis under this prefix');
});

test('a batch with no result within jobTimeoutMs is given up and, after its attempts, reported as an infrastructure failure', async (t) => {
  await withCluster(
    'timeout',
    t,
    async ({ executor }) => {
      const data = forestData();
      const jobs = makeJobs(data, 'RandomForestClassifier', [{ nEstimators: 40, maxDepth: 10, randomState: 0 }]);
      const results = await collect(executor.run(data, jobs));
      assert.equal(results.length, 3, 'every job gets an outcome');
      for (const r of results) {
        assert.ok(!r.ok);
        assert.equal(r.cause, 'infrastructure');
        assert.match(r.message, /jobTimeoutMs \(1 ms\)/);
        assert.equal(r.attempts, 1);
      }
    },
    { jobTimeoutMs: 1, attempts: 1, batchSize: 3 },
  );
});

test('SIGTERM: a worker finishes the batch it holds, then exits cleanly; the search completes', async (t) => {
  await withCluster(
    'sigterm',
    t,
    async ({ workers, executor, names }) => {
      const data = forestData();
      const candidates = [20, 30, 40].flatMap((nEstimators) => [6, 10].map((maxDepth) => ({ nEstimators, maxDepth, randomState: 0 })));
      const jobs = makeJobs(data, 'RandomForestClassifier', candidates);
      const leaver = workers[0]!;
      const exited = new Promise<number | null>((resolve) => leaver.child.once('exit', (code) => resolve(code)));
      let done = false;
      const signaller = signalMidBatch(names, leaver, 'SIGTERM', () => done);
      let results: FitResult[] = [];
      try {
        results = await collect(executor.run(data, jobs));
      } finally {
        done = true;
      }
      assert.ok(await signaller, 'the worker was signalled mid-batch');
      assert.equal(await exited, 0, 'the worker exits with code 0');
      const log = leaver.log.join('\n');
      const afterSignal = log.slice(log.indexOf('SIGTERM'));
      assert.match(afterSignal, /job \S+: search \S+ \d+\/\d+ fits/, 'it finished the batch it held after the signal');
      assert.equal(results.length, jobs.length);
      assert.equal(new Set(results.map((r) => r.key)).size, jobs.length);
      assert.ok(results.every((r) => r.ok));
    },
    { batchSize: 2 },
  );
});
