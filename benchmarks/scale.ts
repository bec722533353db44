/**
 * Scale: a grid of N candidates × 2 folds (DummyClassifier on digits, one candidate per
 * `randomState` value, so every fit is near-free and the search's own bookkeeping is what
 * is measured) on the default pool, in a child process per run: wall time and the peak
 * RSS of the coordinator process (ru_maxrss: pool threads included). The same script runs
 * on this checkout's built package (hyperfold) and on the baseline — the `main` branch's
 * code, extracted with `git archive` and built with this checkout's TypeScript — side by side.
 *
 *   npm run build && node --import tsx benchmarks/scale.ts [--sizes 200000,500000] [--baseline-ref main] [--baseline-dist <dir>] [--ours-dist <dir>] [--parallel]
 *     [--executor pool|cluster] [--redis <url>] [--workers 2] [--pool]
 *
 * `--executor cluster` runs the same grid on the cluster executor instead: for each variant,
 * `--workers` (default 2) real `hyperfold worker` processes of 1 thread (the variant's own
 * build: `node <dist>/cli/main.js worker`) on Redis (`--redis`, default 127.0.0.1:6379) with a
 * fresh queue and key prefix, removed afterwards. Peak RSS is the coordinator's alone (the
 * workers are other processes); Redis memory is sampled every 250 ms (`used_memory` peak
 * minus its value before the run). `--pool` adds this build's pool run as a third column
 * pair, so the cluster's figure is printed beside the pool's.
 *
 * Issue 13 measured the baseline at 200,000 → 1.08 GB and 500,000 → 2.9 GB / 116 s.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Redis } from 'ioredis';
import { peakRssMb } from './lib/rss.js';
import { machineLoad, mb, printTable, ratio, secs, type Row } from './lib/table.js';
import { flag, reportVariant, runVariant } from './lib/variant.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

interface Figures {
  seconds: number;
  /** CPU seconds of the whole process (all threads): steadier than wall time on a shared machine. */
  cpuSeconds: number;
  peakRssMb: number;
  fits: number;
  /** Cluster runs: peak of Redis' used_memory during the run minus its value before, in MB. */
  redisPeakMb?: number;
}

/** Where a cluster variant's coordinator and workers meet: a fresh queue and key prefix per variant. */
interface ClusterTarget {
  redis: string;
  queue: string;
  prefix: string;
}

/** One search in this (child) process, on the package built at `dist`. */
async function child(dist: string, n: number, cluster: ClusterTarget | undefined): Promise<void> {
  const hf = (await import(pathToFileURL(join(dist, 'index.js')).href)) as typeof import('../src/index.js');
  const { X, y } = await hf.loadDigits();
  const values = Array.from({ length: n }, (_, i) => i);
  let executor: import('../src/index.js').Executor;
  if (cluster) {
    const mod = (await import(pathToFileURL(join(dist, 'cluster.js')).href)) as typeof import('../src/cluster.js');
    executor = new mod.ClusterExecutor({ connection: cluster.redis, queueName: cluster.queue, prefix: cluster.prefix });
  } else {
    executor = new hf.PiscinaExecutor({ maxThreads: 2 });
  }
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const search = new hf.GridSearchCV(new hf.DummyClassifier({ strategy: 'stratified' }), { randomState: values }, { cv: 2, executor });
  await search.fit(X, y);
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const fits = search.cvResults!.mean_test_score!.length * 2;
  reportVariant({ seconds, cpuSeconds, peakRssMb: peakRssMb(), fits } satisfies Figures);
  if (cluster) await executor.close();
  process.exit(0); // the executor was passed in: do not wait for its idle threads
}

/** Starts a `hyperfold worker` of the build at `dist` (1 thread) on the target's queue; resolves once it listens. */
function startWorker(dist: string, t: ClusterTarget): Promise<ChildProcess> {
  const args = [join(dist, 'cli/main.js'), 'worker', '--redis', t.redis, '--queue', t.queue, '--prefix', t.prefix, '--concurrency', '1'];
  const worker = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  return new Promise((resolve, reject) => {
    let log = '';
    worker.stderr!.on('data', (c: Buffer) => {
      log += c.toString();
      if (log.includes('hyperfold worker on')) resolve(worker);
    });
    worker.once('exit', (code) => reject(new Error(`hyperfold worker exited (${code}) before listening:\n${log}`)));
  });
}

/** Stops a worker by its pid (SIGTERM, then SIGKILL after 15 s). */
async function stopWorker(w: ChildProcess): Promise<void> {
  if (w.exitCode !== null || w.signalCode !== null) return;
  const gone = new Promise<void>((resolve) => w.once('exit', () => resolve()));
  w.kill('SIGTERM');
  const timer = setTimeout(() => w.kill('SIGKILL'), 15_000);
  await gone;
  clearTimeout(timer);
}

/** Removes every key under the variant's prefix (BullMQ's queue keys, worker census, anything a failed run left). */
async function removeKeys(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) await redis.unlink(...keys);
  } while (cursor !== '0');
}

/** Redis' used_memory in bytes. */
async function usedMemory(redis: Redis): Promise<number> {
  const info = await redis.info('memory');
  return Number(/used_memory:(\d+)/.exec(info)?.[1] ?? NaN);
}

/** One cluster variant: fresh queue/prefix, workers of the same build, Redis memory sampled while the coordinator runs, everything removed after. */
async function runCluster(dist: string, n: number, redisUrl: string, nWorkers: number): Promise<Figures> {
  const tag = `${process.pid}-${randomBytes(3).toString('hex')}`;
  const t: ClusterTarget = { redis: redisUrl, queue: `q-scale-${tag}`, prefix: `hf-scale-${tag}` };
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  const workers: ChildProcess[] = [];
  try {
    for (let i = 0; i < nWorkers; i++) workers.push(await startWorker(dist, t));
    const before = await usedMemory(redis);
    let peak = before;
    const sampler = setInterval(() => {
      usedMemory(redis).then(
        (m) => (peak = Math.max(peak, m)),
        () => {},
      );
    }, 250);
    try {
      const f = await runVariant<Figures>(new URL(import.meta.url), [
        '--child',
        dist,
        '--n',
        String(n),
        '--redis',
        t.redis,
        '--queue',
        t.queue,
        '--prefix',
        t.prefix,
      ]);
      return { ...f, redisPeakMb: (peak - before) / 2 ** 20 };
    } finally {
      clearInterval(sampler);
    }
  } finally {
    await Promise.all(workers.map(stopWorker));
    await removeKeys(redis, t.prefix);
    redis.disconnect();
  }
}

/** The baseline's built package: `ref` extracted with git archive into a temp folder and compiled once (cached by commit). */
function baselineDist(ref: string): string {
  const sha = execFileSync('git', ['rev-parse', ref], { cwd: ROOT, encoding: 'utf8' }).trim();
  const dir = join(tmpdir(), `hyperfold-baseline-${sha.slice(0, 12)}`);
  const dist = join(dir, 'dist');
  if (existsSync(join(dist, 'index.js'))) return dist;
  mkdirSync(dir, { recursive: true });
  execFileSync('sh', ['-c', `git archive ${sha} | tar -x -C '${dir}'`], { cwd: ROOT });
  if (!existsSync(join(dir, 'node_modules'))) symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(dir, 'tsconfig.json')], { cwd: dir, stdio: 'inherit' });
  return dist;
}

/** The three rows (wall, CPU, peak RSS) of one pair of figures. */
function rowsOf(what: string, h: Figures, b: Figures): Row[] {
  return [
    { name: `${what}: wall time`, hyperfold: secs(h.seconds), baseline: secs(b.seconds), ratio: ratio(h.seconds, b.seconds) },
    { name: `${what}: CPU time`, hyperfold: secs(h.cpuSeconds), baseline: secs(b.cpuSeconds), ratio: ratio(h.cpuSeconds, b.cpuSeconds) },
    { name: `${what}: peak RSS`, hyperfold: mb(h.peakRssMb), baseline: mb(b.peakRssMb), ratio: ratio(h.peakRssMb, b.peakRssMb) },
  ];
}

const role = flag('child');
if (role !== undefined) {
  const queue = flag('queue');
  await child(role, Number(flag('n')), queue ? { redis: flag('redis')!, queue, prefix: flag('prefix')! } : undefined);
} else {
  const sizes = (flag('sizes') ?? '200000,500000').split(',').map(Number);
  const onCluster = flag('executor') === 'cluster';
  if (!onCluster && flag('executor') !== undefined && flag('executor') !== 'pool')
    throw new Error(`--executor must be pool or cluster, got ${flag('executor')}`);
  const redisUrl = flag('redis') ?? 'redis://127.0.0.1:6379';
  const nWorkers = Number(flag('workers') ?? 2);
  // --ours-dist: a copy of this build (so a rebuild of dist/ during a long run cannot change what is measured)
  const ours = flag('ours-dist') ?? join(ROOT, 'dist');
  if (!existsSync(join(ours, 'index.js'))) throw new Error(`${ours} is missing: run npm run build first`);
  const baseRef = flag('baseline-dist') ?? flag('baseline-ref') ?? 'main';
  const base = flag('baseline-dist') ?? baselineDist(flag('baseline-ref') ?? 'main');
  const rows: Row[] = [];
  const parallel = process.argv.includes('--parallel');
  const withPool = onCluster && process.argv.includes('--pool');
  for (const n of sizes) {
    const what = `${n} candidates × 2 folds${onCluster ? ', cluster' : ''}`;
    const pool = (dist: string): Promise<Figures> => runVariant<Figures>(new URL(import.meta.url), ['--child', dist, '--n', String(n)]);
    const measure = onCluster ? (dist: string): Promise<Figures> => runCluster(dist, n, redisUrl, nWorkers) : pool;
    // each variant's figures on stderr as soon as it ends (a long run stopped half-way still tells something)
    const run = async (dist: string): Promise<Figures> => {
      const f = await measure(dist);
      process.stderr.write(`bench: ${dist === ours ? 'hyperfold' : 'baseline'} ${what}: ${JSON.stringify(f)}\n`);
      return f;
    };
    // --parallel: both at once (each its own process, so peak RSS stays its own; wall and CPU time share the cores)
    const [h, b] = parallel ? await Promise.all([run(ours), run(base)]) : [await run(ours), await run(base)];
    rows.push(...rowsOf(what, h, b));
    if (onCluster) {
      rows.push({
        name: `${what}: Redis used_memory peak (above start)`,
        hyperfold: mb(h.redisPeakMb!),
        baseline: mb(b.redisPeakMb!),
        ratio: ratio(h.redisPeakMb!, b.redisPeakMb!),
      });
    }
    if (withPool) {
      const p = await pool(ours);
      process.stderr.write(`bench: hyperfold ${n} candidates × 2 folds, pool: ${JSON.stringify(p)}\n`);
      for (const r of rowsOf(`${n} × 2, cluster (hyperfold) vs pool (baseline column)`, h, p)) rows.push(r);
    }
  }
  const executorName = onCluster ? `cluster executor (${nWorkers} hyperfold worker processes × 1 thread, Redis ${redisUrl})` : 'default pool (2 threads)';
  printTable(`Scale: DummyClassifier grid on digits, ${executorName}; baseline = ${baseRef}${parallel ? '; both run at once' : ''}; ${machineLoad()}`, rows);
}
