/**
 * The cluster executor beside the piscina pool, measured in one run on this
 * machine: Redis on loopback, 2 `hyperfold worker` processes of 1 thread each
 * vs PiscinaExecutor(maxThreads 2).
 *
 *   node --import tsx benchmarks/cluster.ts [--redis redis://127.0.0.1:6379] [--noop 10000] [--skip-svc]
 *
 * Prints `name  hyperfold  baseline  ratio` rows:
 *  - no-op jobs/s and per-job overhead (DummyClassifier on a 40-row slice), cluster vs pool;
 *  - digits SVC RandomizedSearchCV (nIter 50, cv 3) seconds, cluster vs pool (target ratio ≤ 1.1);
 *  - bytes through Redis for that search (data once + per job) vs copying the data set into every job.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import '../src/index.js';
import '../src/estimators/dummy-classifier.js';
import '../src/estimators/svc.js';
import { loadDigits } from '../src/data/bundled.js';
import { makeDataSet, type DataSet } from '../src/data/dataset.js';
import { takeLabels, takeRows } from '../src/data/matrix.js';
import type { Estimator } from '../src/estimators/estimator.js';
import { createEstimator } from '../src/estimators/registry.js';
import { ClusterExecutor, encodeDataSet } from '../src/executors/cluster/index.js';
import type { Executor } from '../src/executors/executor.js';
import { PiscinaExecutor } from '../src/executors/piscina/index.js';
import { deriveSeed, jobKey } from '../src/jobs/job-key.js';
import type { FitJob } from '../src/jobs/types.js';
import { RandomizedSearchCV } from '../src/search/index.js';
import { watchSearch } from './lib/progress.js';

const argv = process.argv.slice(2);
const arg = (name: string, fallback: string): string => {
  const i = argv.indexOf(name);
  return i >= 0 && argv[i + 1] ? argv[i + 1]! : fallback;
};
const REDIS = arg('--redis', 'redis://127.0.0.1:6379');
const NOOP = Number(arg('--noop', '10000'));
const ROOT = fileURLToPath(new URL('../', import.meta.url));
const MODULES = './src/estimators/dummy-classifier.ts,./src/estimators/svc.ts';
const tag = `bench-${process.pid}-${randomBytes(3).toString('hex')}`;
const names = { queue: `q-${tag}`, prefix: `hfb-${tag}` };

function startWorker(): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'src/cli/main.ts',
      'worker',
      '--redis',
      REDIS,
      '--queue',
      names.queue,
      '--prefix',
      names.prefix,
      '--concurrency',
      '1',
      '--modules',
      MODULES,
      ...(process.env.BENCH_WORKER_ARGS ?? '').split(' ').filter(Boolean),
    ],
    { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  return new Promise((resolve, reject) => {
    let log = '';
    child.stderr!.on('data', (c: Buffer) => {
      log += c.toString();
      if (process.env.BENCH_VERBOSE) process.stderr.write(c);
      if (log.includes('hyperfold worker on')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`worker exited (${code}):\n${log}`)));
  });
}

/** `n` distinct no-op jobs (DummyClassifier) on a 40-row slice of digits. */
function noopJobs(data: DataSet, n: number, salt: number): FitJob[] {
  const train = Int32Array.from({ length: 30 }, (_, i) => i);
  const test = Int32Array.from({ length: 10 }, (_, i) => 30 + i);
  const scoring = { score: 'accuracy' };
  return Array.from({ length: n }, (_, i) => {
    const params = { strategy: 'prior', randomState: salt * 1_000_000 + i };
    const key = jobKey({ dataId: data.id, estimatorName: 'DummyClassifier', params, train, test, scoring, returnTrainScore: false });
    return {
      key,
      candidateIndex: i,
      splitIndex: 0,
      estimator: { name: 'DummyClassifier', params },
      dataId: data.id,
      train,
      test,
      scoring,
      returnTrainScore: false,
      seed: deriveSeed(0, key),
    };
  });
}

async function timeRun(executor: Executor, data: DataSet, jobs: FitJob[]): Promise<number> {
  const t0 = performance.now();
  let n = 0;
  for await (const r of executor.run(data, jobs)) {
    if (r.ok) n++;
    else if (n === 0) process.stderr.write(`${executor.kind} failure: ${r.message}\n`);
  }
  if (n !== jobs.length) throw new Error(`${executor.kind}: ${n}/${jobs.length} jobs succeeded`);
  return (performance.now() - t0) / 1000;
}

const rows: [string, string, string, string][] = [];
const row = (name: string, ours: number, base: number, unit = '', digits = 2): void => {
  rows.push([name, `${ours.toFixed(digits)}${unit}`, `${base.toFixed(digits)}${unit}`, (ours / base).toFixed(2)]);
};

const redis = new Redis(REDIS);
const workers: ChildProcess[] = [];
const cluster = new ClusterExecutor({ connection: REDIS, queueName: names.queue, prefix: names.prefix });
const pool = new PiscinaExecutor({ maxThreads: 2, minThreads: 2, modules: MODULES.split(',') });
try {
  workers.push(...(await Promise.all([startWorker(), startWorker()])));
  const digits = await loadDigits();
  const rows40 = Int32Array.from({ length: 40 }, (_, i) => i);
  const small = makeDataSet(takeRows(digits.X, rows40), takeLabels(digits.y, rows40));

  // warm both (threads, module loading, the cluster's fit-time statistics)
  await timeRun(cluster, small, noopJobs(small, 2000, 1));
  await timeRun(pool, small, noopJobs(small, 2000, 1));
  const clusterNoop = await timeRun(cluster, small, noopJobs(small, NOOP, 2));
  const clusterStats = cluster.lastRun!;
  const poolNoop = await timeRun(pool, small, noopJobs(small, NOOP, 2));
  row(`no-op jobs/s (${NOOP} jobs; higher is better)`, NOOP / clusterNoop, NOOP / poolNoop, '', 0);
  row('no-op overhead per job (µs)', (clusterNoop / NOOP) * 1e6, (poolNoop / NOOP) * 1e6, '', 1);
  const c = clusterStats;
  process.stderr.write(
    `cluster no-op: ${c.batches} BullMQ jobs of ${c.batchSize} fits, ${c.jobBytes} bytes of job data; ` +
      `enqueued after ${c.enqueuedMs.toFixed(0)} ms, first result ${c.firstResultMs.toFixed(0)} ms, done ${c.totalMs.toFixed(0)} ms\n`,
  );

  if (!argv.includes('--skip-svc')) {
    const space = {
      C: Array.from({ length: 13 }, (_, i) => 10 ** (i - 6)),
      gamma: Array.from({ length: 17 }, (_, i) => 10 ** (i - 8)),
      tol: [1e-4, 1e-3, 1e-2, 1e-1],
      classWeight: [null, 'balanced'],
    };
    const search = (executor: Executor): RandomizedSearchCV =>
      new RandomizedSearchCV(createEstimator('SVC', {}) as Estimator, space, { nIter: 50, cv: 3, randomState: 0, executor });
    const t0 = performance.now();
    const onCluster = await watchSearch(search(cluster), 'SVC search on the cluster').fit(digits.X, digits.y);
    const tCluster = (performance.now() - t0) / 1000;
    const svcStats = cluster.lastRun!;
    const t1 = performance.now();
    const onPool = await watchSearch(search(pool), 'SVC search on the pool').fit(digits.X, digits.y);
    const tPool = (performance.now() - t1) / 1000;
    if (onCluster.bestScore !== onPool.bestScore) throw new Error(`best scores differ: ${onCluster.bestScore} vs ${onPool.bestScore}`);
    row('digits SVC RandomizedSearchCV nIter 50 cv 3 (s)', tCluster, tPool, ' s');
    process.stderr.write(`SVC search: best ${onCluster.bestScore?.toFixed(4)}; ${svcStats.batches} BullMQ jobs of ≤ ${svcStats.batchSize} fits\n`);

    const data = makeDataSet(digits.X, digits.y);
    const dataBytes = encodeDataSet(data).length;
    const viaRedis = dataBytes + svcStats.foldBytes + svcStats.jobBytes;
    const perJobCopy = svcStats.fits * dataBytes + svcStats.jobBytes;
    rows.push(['bytes to Redis for the SVC search (data once + folds + jobs)', `${viaRedis}`, `${perJobCopy}`, (viaRedis / perJobCopy).toFixed(3)]);
    rows.push([
      'bytes per job (job data only)',
      (svcStats.jobBytes / svcStats.fits).toFixed(0),
      (perJobCopy / svcStats.fits).toFixed(0),
      (svcStats.jobBytes / perJobCopy).toFixed(4),
    ]);
  }
} finally {
  await cluster.close().catch(() => undefined);
  await pool.close().catch(() => undefined);
  // stop the workers (graceful SIGTERM) and wait for them before removing the keys
  await Promise.all(
    workers.map(
      (w) =>
        new Promise<void>((resolve) => {
          if (w.exitCode !== null || w.signalCode !== null) return resolve();
          w.once('exit', () => resolve());
          w.kill('SIGTERM');
        }),
    ),
  );
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${names.prefix}:*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length) await redis.del(...keys);
  } while (cursor !== '0');
  redis.disconnect();
}

const header: [string, string, string, string] = ['name', 'hyperfold', 'baseline', 'ratio'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
for (const r of [header, ...rows]) console.log(r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  '));
console.log(
  'hyperfold = ClusterExecutor (Redis on loopback, 2 worker processes × 1 thread); baseline = PiscinaExecutor(maxThreads 2); bytes baseline = the data set copied into every job',
);
