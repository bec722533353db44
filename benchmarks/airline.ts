/**
 * The classic airline workload (a Dask + scikit-learn distributed grid-search
 * example): RandomForestClassifier grid nEstimators 2..10 × maxDepth 2..10,
 * cv 3, predicting `delayed` from the 11 features — InlineExecutor vs
 * PiscinaExecutor(2), side by side in this run, each variant in its own
 * process so its peak RSS is its own (data shared with the threads, not copied).
 * The variants run the built package (dist/), as users do: from the sources,
 * every pool thread would also carry the TypeScript loader.
 *
 *   node --import tsx benchmarks/airline.ts [--rows 563000]   (default: all rows)
 */
import type { Executor } from '../src/executors/executor.js';
import type { Params } from '../src/estimators/estimator.js';
import { builtPackage } from './lib/built.js';
import { peakRssMb } from './lib/rss.js';
import { machineLoad, mb, printTable, ratio, secs } from './lib/table.js';
import { flag, reportVariant, runVariant } from './lib/variant.js';
import { watchSearch } from './lib/progress.js';

interface Outcome {
  seconds: number;
  /** CPU seconds of the whole process (every thread) during the search. */
  cpuSeconds: number;
  loadRss: number;
  peakRss: number;
  fits: number;
  meanFitTime: number;
  bestParams: Params;
  bestScore: number;
}

const ROWS = flag('rows') === undefined ? undefined : Number(flag('rows'));
const range = (from: number, to: number, step: number): number[] => Array.from({ length: Math.floor((to - from) / step) + 1 }, (_, i) => from + i * step);

async function variant(kind: string): Promise<Outcome> {
  const { loadAirline, RandomForestClassifier, InlineExecutor, PiscinaExecutor, GridSearchCV } = await builtPackage();
  const { X, y } = await loadAirline({ rows: ROWS, target: 'delayed' });
  const loadRss = peakRssMb();
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const executor: Executor = kind === 'inline' ? new InlineExecutor() : new PiscinaExecutor({ maxThreads: 2 });
  const search = new GridSearchCV(
    new RandomForestClassifier({ randomState: 10 }),
    { nEstimators: range(2, 10, 2), maxDepth: range(2, 10, 2) },
    { cv: 3, executor },
  );
  await watchSearch(search).fit(X, y);
  await executor.close();
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cv = search.cvResults!;
  return {
    seconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    loadRss,
    peakRss: peakRssMb(),
    fits: cv.params.length * 3,
    meanFitTime: Array.from(cv.mean_fit_time).reduce((a, b) => a + b, 0) / cv.mean_fit_time.length,
    bestParams: search.bestParams!,
    bestScore: search.bestScore!,
  };
}

async function main(): Promise<void> {
  const args = ROWS === undefined ? [] : ['--rows', String(ROWS)];
  const inline = await runVariant<Outcome>(new URL(import.meta.url), ['--variant', 'inline', ...args]);
  const pool = await runVariant<Outcome>(new URL(import.meta.url), ['--variant', 'pool', ...args]);
  printTable(`airline (${ROWS ?? 563000} rows): RandomForestClassifier grid 5 × 5, cv 3 (${inline.fits} fits) — PiscinaExecutor(2) vs InlineExecutor`, [
    {
      name: 'total time incl. thread start-up (speed-up = inline ÷ pool)',
      hyperfold: secs(pool.seconds),
      baseline: secs(inline.seconds),
      ratio: ratio(inline.seconds, pool.seconds),
    },
    {
      name: 'wall time per fit (total ÷ fits)',
      hyperfold: secs(pool.seconds / pool.fits),
      baseline: secs(inline.seconds / inline.fits),
      ratio: ratio(inline.seconds, pool.seconds),
    },
    {
      name: 'mean fit time (cvResults mean_fit_time)',
      hyperfold: secs(pool.meanFitTime),
      baseline: secs(inline.meanFitTime),
      ratio: ratio(pool.meanFitTime, inline.meanFitTime),
    },
    {
      name: 'CPU time, all threads (pool ÷ inline = overhead)',
      hyperfold: secs(pool.cpuSeconds),
      baseline: secs(inline.cpuSeconds),
      ratio: ratio(pool.cpuSeconds, inline.cpuSeconds),
    },
    {
      name: 'best score (pool vs inline)',
      hyperfold: pool.bestScore.toFixed(4),
      baseline: inline.bestScore.toFixed(4),
      ratio: pool.bestScore === inline.bestScore ? 'same' : 'DIFFERENT',
    },
    { name: 'peak RSS (pool ÷ inline; target ≤ 1.5×)', hyperfold: mb(pool.peakRss), baseline: mb(inline.peakRss), ratio: ratio(pool.peakRss, inline.peakRss) },
    { name: 'RSS after loading the data', hyperfold: mb(pool.loadRss), baseline: mb(inline.loadRss), ratio: ratio(pool.loadRss, inline.loadRss) },
  ]);
  console.log(`best params: pool ${JSON.stringify(pool.bestParams)}; inline ${JSON.stringify(inline.bestParams)}`);
  console.log(machineLoad());
  console.log('scikit-learn 1.2.1, n_jobs=2, all 563k rows, same grid: ~106–140 s; best {max_depth 10, n_estimators 8}, 0.804');
}

const v = process.argv.indexOf('--variant');
if (v >= 0) reportVariant(await variant(process.argv[v + 1]!));
else await main();
