/**
 * A halving search gives the same cvResults, best candidate and schedule for a seed on every
 * executor: inline, the piscina pool (2 threads) and the BullMQ cluster (real Redis, two
 * `hyperfold worker` processes). Each iteration is its own batch of jobs — on the cluster,
 * its own search id — so this also checks that several batches of one search run there.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import '../fixtures/cluster-modules.js';
import { deleteKeysUnder, killWorkers, redisOrReason, REDIS_URL, spawnWorker, uniqueNames, type SpawnedWorker } from '../fixtures/cluster-harness.js';
import { loadDigits } from '../../src/data/bundled.js';
import { takeLabels, takeRows } from '../../src/data/matrix.js';
import { RandomForestClassifier } from '../../src/estimators/forest/index.js';
import { ClusterExecutor } from '../../src/executors/cluster/index.js';
import type { Executor } from '../../src/executors/executor.js';
import { InlineExecutor } from '../../src/executors/inline.js';
import { PiscinaExecutor } from '../../src/executors/piscina/index.js';
import { HalvingGridSearchCV } from '../../src/search/halving-search.js';
import type { CvResults } from '../../src/search/types.js';

const digits = await loadDigits();
const rows = Int32Array.from({ length: 600 }, (_, i) => i);
const X = takeRows(digits.X, rows);
const y = takeLabels(digits.y, rows);

interface Outcome {
  cv: Record<string, unknown>;
  best: number | undefined;
  nResources: number[] | undefined;
}

/** A forest (seeded from the search seed) over 6 candidates with 'nSamples' as the resource. */
async function run(executor: Executor): Promise<Outcome> {
  const search = new HalvingGridSearchCV(
    new RandomForestClassifier({ nEstimators: 8 }),
    { maxDepth: [3, 6, null], maxFeatures: ['sqrt', 0.5] },
    { cv: 3, factor: 2, minResources: 'smallest', randomState: 11, executor },
  );
  await search.fit(X, y);
  const cv: CvResults = search.cvResults!;
  return { cv: Object.fromEntries(Object.entries(cv).filter(([k]) => !k.includes('time'))), best: search.bestIndex, nResources: search.nResources };
}

const inline = await run(new InlineExecutor());

test('schedule of the reference run (6 candidates, factor 2, smallest = 2 × 3 splits × 10 classes)', () => {
  // scikit-learn 1.2.1 on 600 rows, 10 classes, cv 3, factor 2, min_resources 'smallest': n_resources_ [60, 120, 240]
  assert.deepEqual(inline.nResources, [60, 120, 240]);
  assert.deepEqual(inline.cv.iter, [0, 0, 0, 0, 0, 0, 1, 1, 1, 2, 2]);
});

test('the piscina pool gives the inline results', async () => {
  const pool = new PiscinaExecutor({ maxThreads: 2 });
  try {
    assert.deepEqual(await run(pool), inline);
  } finally {
    await pool.close();
  }
});

test('the cluster gives the inline results', async (t) => {
  const conn = await redisOrReason();
  if (!conn.redis) {
    t.skip(`SKIPPED — ${conn.reason}`);
    return;
  }
  const names = uniqueNames('halving');
  const workers: SpawnedWorker[] = [];
  const executor = new ClusterExecutor({ connection: REDIS_URL, queueName: names.queue, prefix: names.prefix });
  try {
    workers.push(...(await Promise.all([spawnWorker(names), spawnWorker(names)])));
    assert.deepEqual(await run(executor), inline);
  } finally {
    await executor.close();
    await killWorkers(workers);
    await deleteKeysUnder(conn.redis, names.prefix);
    conn.redis.disconnect();
  }
});
