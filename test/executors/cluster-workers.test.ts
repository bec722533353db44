/**
 * Worker shutdown and dead-worker recovery with real `hyperfold worker` processes (the built
 * CLI, each signalled by its own pid) under short BullMQ locks set through their options:
 * a worker busy with one fit longer than its lock keeps it (no false stall), a second SIGTERM
 * exits at once (its batch comes back through BullMQ's stalled-job check), a SIGTERM past
 * --shutdown-timeout hands the batch back; the search's cvResults equal an inline run's.
 * Redis missing: fails under CI=true, skips loudly elsewhere.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Queue } from 'bullmq';
import { loadDigits } from '../../src/data/bundled.js';
import type { Estimator } from '../../src/estimators/estimator.js';
import { createEstimator } from '../../src/estimators/registry.js';
import { ClusterExecutor } from '../../src/executors/cluster/index.js';
import { InlineExecutor } from '../../src/executors/inline.js';
import { GridSearchCV } from '../../src/search/index.js';
import '../fixtures/cluster-modules.js';
import { ensureBuilt } from '../cli/run-cli.js';
import { REDIS_URL, deleteKeysUnder, redisOrReason, uniqueNames } from '../fixtures/cluster-harness.js';
import { killAll, startCliWorker, until, type CliProcess } from '../fixtures/cluster-faults.js';

const conn = await redisOrReason();
test.after(() => conn.redis?.disconnect());

/** Resolves once `worker` holds an active batch none of whose fits is stored yet. */
async function holdsFreshBatch(queue: Queue, names: { prefix: string }, worker: CliProcess): Promise<void> {
  await until(
    async () => {
      for (const j of await queue.getJobs(['active'])) {
        if (!j?.processedBy?.endsWith(`:${worker.pid}`)) continue;
        const data = j.data as { searchId: string; fits: { key: string }[] };
        const stored = await conn.redis!.hmget(`${names.prefix}:hf:search:${data.searchId}:results`, ...data.fits.map((f) => f.key));
        if (stored.every((v) => v === null)) return true;
      }
      return false;
    },
    120_000,
    `worker ${worker.pid} to hold a batch`,
  );
}

const finishedFits = (log: string): number => [...log.matchAll(/job \S+: search \S+ (\d+)\/\d+ fits/g)].reduce((a, m) => a + Number(m[1]), 0);

test('busy worker keeps its lock; a second SIGTERM exits at once; SIGTERM past --shutdown-timeout hands back; results equal inline', async (t) => {
  if (!conn.redis) {
    t.skip(`SKIPPED — ${conn.reason}`);
    process.stderr.write(`\n*** cluster worker test SKIPPED: ${conn.reason} ***\n\n`);
    return;
  }
  ensureBuilt();
  const digits = await loadDigits();
  const names = uniqueNames('workers');
  const lock = ['--lock-duration', '1000', '--stalled-interval', '500'];
  const procs: CliProcess[] = [];
  const queue = new Queue(names.queue, { connection: { url: REDIS_URL }, prefix: names.prefix });
  const executor = new ClusterExecutor({ connection: REDIS_URL, queueName: names.queue, prefix: names.prefix, batchSize: 1, watchdogMs: 3000 });
  try {
    // w1 hands back after 1 s, w2 does the work, w3 is stopped twice
    const [w1, w2, w3] = await Promise.all([
      startCliWorker(REDIS_URL, names, { extra: [...lock, '--shutdown-timeout', '1'] }),
      startCliWorker(REDIS_URL, names, { extra: lock }),
      startCliWorker(REDIS_URL, names, { extra: [...lock, '--shutdown-timeout', '60'] }),
    ]);
    procs.push(w1, w2, w3);
    // forests of 500+ trees of depth 12 on 1,198 rows: each fit (~3 s on a quiet machine, ~0.6 s per 100 trees)
    // outlasts the 1 s lock and w1's 1 s shutdown timeout several times over
    const grid = { nEstimators: [500, 550], maxDepth: [12] };
    const est = (): Estimator => createEstimator('RandomForestClassifier', { randomState: 0 }) as Estimator;
    const search = new GridSearchCV(est(), grid, { cv: 3, randomState: 0, executor }).fit(digits.X, digits.y);
    search.catch(() => {});

    await holdsFreshBatch(queue, names, w3);
    process.kill(w3.pid, 'SIGTERM');
    await until(() => w3.stderr().includes('SIGTERM: finishing running batches'), 30_000, 'the first SIGTERM line');
    process.kill(w3.pid, 'SIGTERM');
    const w3exit = await w3.exited;
    assert.equal(w3exit.code, 143, w3.stderr());
    assert.match(w3.stderr(), /SIGTERM again: exiting now; batches still running go back to the queue when their lock expires \(1000 ms\)/);

    await holdsFreshBatch(queue, names, w1);
    process.kill(w1.pid, 'SIGTERM');
    const w1exit = await w1.exited;
    assert.equal(w1exit.code, 0, w1.stderr());
    assert.match(w1.stderr(), /stopped: [12] batch\(es\) handed back to the queue after 1 s/);

    const onCluster = await search;
    const inline = await new GridSearchCV(est(), grid, { cv: 3, randomState: 0, executor: new InlineExecutor() }).fit(digits.X, digits.y);
    for (const [col, values] of Object.entries(inline.cvResults!)) {
      if (col.includes('time')) continue;
      assert.deepEqual((onCluster.cvResults as Record<string, unknown>)[col], values, `cvResults column ${col}`);
    }
    // every fit ran to completion exactly once: no false stall of a busy worker re-ran one
    const logs = procs.map((p) => p.stderr()).join('\n');
    assert.equal(finishedFits(logs), 6, logs);
    const recovered = logs.match(/recovered after \d+ stall/g) ?? [];
    assert.ok(recovered.length <= 2, `only the batches the worker stopped twice held (at most 2: one running, one prefetched) stalled:\n${logs}`);
    const long = [...logs.matchAll(/1\/1 fits \(0 already stored, 0 failed\) in (\d+) ms/g)].filter((m) => Number(m[1]) > 1000);
    assert.ok(long.length >= 1, `a fit longer than the 1 s lock ran without a stall:\n${logs}`);
  } finally {
    await executor.close();
    await queue.close();
    await killAll(procs);
    await deleteKeysUnder(conn.redis, names.prefix);
  }
});
