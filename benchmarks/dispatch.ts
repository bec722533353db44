/**
 * Dispatch overhead: 10,000 no-op jobs through PiscinaExecutor (2 threads)
 * and through InlineExecutor, measured side by side in this run; plus the
 * bytes one job message costs once a thread holds the data set.
 *
 * Both sides are warmed up first (JIT); the figures are the median of
 * `--repeats` alternating timed runs.
 *
 *   node --import tsx benchmarks/dispatch.ts [--jobs 10000] [--repeats 3]
 */
import { serialize } from 'node:v8';
import './lib/noop-estimator.js';
import { loadDigits } from '../src/data/bundled.js';
import { makeDataSet } from '../src/data/dataset.js';
import { takeLabels, takeRows } from '../src/data/matrix.js';
import { InlineExecutor } from '../src/executors/inline.js';
import { FoldTable, PiscinaExecutor, jobMessageBytes } from '../src/executors/piscina/index.js';
import type { Executor } from '../src/executors/executor.js';
import type { DataSet } from '../src/data/dataset.js';
import type { FitJob } from '../src/jobs/types.js';
import { deriveSeed, jobKey } from '../src/jobs/job-key.js';
import { KFold } from '../src/split/kfold.js';
import { flag } from './lib/variant.js';
import { machineLoad, printTable, ratio } from './lib/table.js';

const N = Number(flag('jobs') ?? 10_000);
const REPEATS = Number(flag('repeats') ?? 3);

function jobsFor(data: DataSet, n: number, estimator: string, scoring: Record<string, string>): FitJob[] {
  const folds = [...new KFold({ nSplits: 2 }).split(data.X)];
  const jobs: FitJob[] = [];
  for (let c = 0; jobs.length < n; c++) {
    for (const [s, fold] of folds.entries()) {
      if (jobs.length === n) break;
      const params = { tag: c };
      const key = jobKey({ dataId: data.id, estimatorName: estimator, params, train: fold.train, test: fold.test, scoring, returnTrainScore: false });
      jobs.push({
        key,
        candidateIndex: c,
        splitIndex: s,
        estimator: { name: estimator, params },
        dataId: data.id,
        train: fold.train,
        test: fold.test,
        scoring,
        returnTrainScore: false,
        seed: deriveSeed(0, key),
      });
    }
  }
  return jobs;
}

let cpuSeconds = 0;
async function drain(executor: Executor, data: DataSet, jobs: readonly FitJob[]): Promise<number> {
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  let n = 0;
  for await (const r of executor.run(data, jobs)) {
    if (!r.ok) throw new Error(`no-op job failed: ${r.message}`);
    n++;
  }
  if (n !== jobs.length) throw new Error(`got ${n} of ${jobs.length} results`);
  const cpu = process.cpuUsage(cpu0);
  cpuSeconds = (cpu.user + cpu.system) / 1e6;
  return (performance.now() - t0) / 1000;
}

const digits = await loadDigits();
// a tiny data set: the jobs cost nothing but their dispatch
const first = Int32Array.from({ length: 20 }, (_, i) => i);
const tiny = makeDataSet(takeRows(digits.X, first), takeLabels(digits.y, first));
const jobs = jobsFor(tiny, N, 'NoopClassifier', { score: 'noop_score' });

const inline = new InlineExecutor();
const pool = new PiscinaExecutor({ maxThreads: 2, minThreads: 2, modules: [new URL('./lib/noop-estimator.ts', import.meta.url)] });
const t0 = performance.now();
await pool.validate(jobs.slice(0, 1));
await drain(pool, tiny, jobs.slice(0, 10)); // both threads have started
const startSeconds = (performance.now() - t0) / 1000;
// warm up (JIT) both sides, then alternate timed runs and keep the median of each
await drain(inline, tiny, jobs);
await drain(pool, tiny, jobs);
const inlineTimes: number[] = [];
const poolTimes: number[] = [];
const inlineCpu: number[] = [];
const poolCpu: number[] = [];
for (let rep = 0; rep < REPEATS; rep++) {
  inlineTimes.push(await drain(inline, tiny, jobs));
  inlineCpu.push(cpuSeconds);
  poolTimes.push(await drain(pool, tiny, jobs));
  poolCpu.push(cpuSeconds);
}
const median = (a: number[]): number => [...a].sort((x, y) => x - y)[a.length >> 1]!;
const inlineSeconds = median(inlineTimes);
const poolSeconds = median(poolTimes);
const stats = pool.lastRunStats!;
await pool.close();

// what one job message costs, with the digits folds (1,198 + 599 indices)
const digitsData = makeDataSet(digits.X, digits.y);
const [digitsJob] = jobsFor(digitsData, 1, 'NoopClassifier', { score: 'noop_score' });
const msgBytes = jobMessageBytes(digitsJob!, new FoldTable());
const cloneBytes = serialize(digitsJob).byteLength;

printTable(`dispatch: ${N.toLocaleString('en')} no-op jobs (PiscinaExecutor 2 threads vs InlineExecutor)`, [
  {
    name: 'jobs per second (pool vs inline)',
    hyperfold: `${Math.round(N / poolSeconds).toLocaleString('en')}/s`,
    baseline: `${Math.round(N / inlineSeconds).toLocaleString('en')}/s`,
    ratio: ratio(inlineSeconds, poolSeconds),
  },
  {
    name: 'time per job (pool vs inline)',
    hyperfold: `${((poolSeconds / N) * 1e6).toFixed(1)} µs`,
    baseline: `${((inlineSeconds / N) * 1e6).toFixed(1)} µs`,
    ratio: ratio(poolSeconds, inlineSeconds),
  },
  {
    name: 'CPU per job, all threads (pool vs inline)',
    hyperfold: `${((median(poolCpu) / N) * 1e6).toFixed(1)} µs`,
    baseline: `${((median(inlineCpu) / N) * 1e6).toFixed(1)} µs`,
    ratio: ratio(median(poolCpu), median(inlineCpu)),
  },
  { name: 'bytes per job message (fold ids vs FitJob clone)', hyperfold: `${msgBytes} B`, baseline: `${cloneBytes} B`, ratio: ratio(msgBytes, cloneBytes) },
]);
console.log(
  `pool (last run): ${stats.batches} batches (largest ${stats.largestBatch} jobs), ${stats.resends} resends of shared data; thread start-up (not in the figures): ${startSeconds.toFixed(2)} s`,
);
console.log(machineLoad());
console.log('target: ≥ 40,000 no-op jobs/s through the pool (joblib loky, 2 workers: ~22,000/s)');
