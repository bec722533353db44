/**
 * Dead-worker recovery time: seconds from a SIGKILL of the `hyperfold worker` holding a batch
 * until that batch is back in the queue (or already taken by the other worker), with hyperfold's default lock settings
 * (--lock-duration 6000, --stalled-interval 3000) beside BullMQ's defaults (30000 / 30000),
 * measured in one run. Workers are the built CLI (run `npm run build` first), Redis on loopback.
 *
 *   node --import tsx benchmarks/cluster-recovery.ts [--redis redis://127.0.0.1:6379] [--runs 3]
 *
 * Prints `name  hyperfold  baseline  ratio` (worst of the runs; the bound is lockDuration +
 * stalledInterval).
 */
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import '../src/index.js';
import { loadDigits } from '../src/data/bundled.js';
import type { Estimator } from '../src/estimators/estimator.js';
import { createEstimator } from '../src/estimators/registry.js';
import { ClusterExecutor } from '../src/executors/cluster/index.js';
import { GridSearchCV } from '../src/search/index.js';
import { killAll, startCliWorker, until, type CliProcess } from '../test/fixtures/cluster-faults.js';
import { deleteKeysUnder, uniqueNames } from '../test/fixtures/cluster-harness.js';

const argv = process.argv.slice(2);
const arg = (name: string, fallback: string): string => {
  const i = argv.indexOf(name);
  return i >= 0 && argv[i + 1] ? argv[i + 1]! : fallback;
};
const REDIS = arg('--redis', 'redis://127.0.0.1:6379');
const RUNS = Number(arg('--runs', '3'));
const digits = await loadDigits();
const redis = new Redis(REDIS);

/** One measurement: seconds from SIGKILL of the worker holding a batch until the batch is back in the queue. */
async function recoverySeconds(lockArgs: string[]): Promise<number> {
  const names = uniqueNames('recovery');
  const queue = new Queue(names.queue, { connection: { url: REDIS }, prefix: names.prefix });
  const executor = new ClusterExecutor({ connection: REDIS, queueName: names.queue, prefix: names.prefix, batchSize: 1, log: () => {} });
  const procs: CliProcess[] = [];
  try {
    const [victim, survivor] = await Promise.all([startCliWorker(REDIS, names, { extra: lockArgs }), startCliWorker(REDIS, names, { extra: lockArgs })]);
    procs.push(victim, survivor);
    const est = createEstimator('RandomForestClassifier', { randomState: 0 }) as Estimator;
    const search = new GridSearchCV(est, { nEstimators: [200, 210, 220, 230], maxDepth: [12] }, { cv: 2, randomState: 0, executor }).fit(digits.X, digits.y);
    search.catch(() => {});
    let held = '';
    await until(
      async () => {
        const j = (await queue.getJobs(['active'])).find((x) => x?.processedBy?.endsWith(`:${victim.pid}`));
        held = j?.id ?? '';
        return held !== '';
      },
      120_000,
      'the victim to hold a batch',
    );
    process.kill(victim.pid, 'SIGKILL');
    const t0 = performance.now();
    // recovered: back in the queue (or already taken by the survivor, or done)
    await until(
      async () => {
        const state = await queue.getJobState(held);
        if (state === 'waiting' || state === 'completed' || state === 'unknown') return true;
        return (await queue.getJob(held))?.processedBy?.endsWith(`:${survivor.pid}`) ?? false;
      },
      180_000,
      'the batch to be back in the queue',
    );
    const s = (performance.now() - t0) / 1000;
    await search;
    return s;
  } finally {
    await executor.close();
    await queue.close();
    await killAll(procs);
    await deleteKeysUnder(redis, names.prefix);
  }
}

const ours: number[] = [];
const bull: number[] = [];
for (let r = 0; r < RUNS; r++) {
  ours.push(await recoverySeconds([]));
  bull.push(await recoverySeconds(['--lock-duration', '30000', '--stalled-interval', '30000']));
}
const worst = (xs: number[]): number => Math.max(...xs);
console.log(`${'name'.padEnd(58)}${'hyperfold'.padStart(11)}${'baseline'.padStart(11)}${'ratio'.padStart(8)}`);
console.log(
  `${`recovery after SIGKILL, worst of ${RUNS} (s; baseline: BullMQ defaults)`.padEnd(58)}${worst(ours).toFixed(1).padStart(11)}${worst(bull).toFixed(1).padStart(11)}${(worst(ours) / worst(bull)).toFixed(2).padStart(8)}`,
);
console.log(`runs: hyperfold ${ours.map((x) => x.toFixed(1)).join(', ')} s; BullMQ defaults ${bull.map((x) => x.toFixed(1)).join(', ')} s`);
redis.disconnect();
