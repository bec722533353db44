/**
 * Successive halving vs the exhaustive searches, side by side in this run, on
 * PiscinaExecutor(2) (the built package, as users run it):
 *
 * - airline (all 563,000 rows unless --rows): RandomForestClassifier grid nEstimators 2..10 ×
 *   maxDepth 2..10 × criterion gini/entropy (50 candidates), cv 3 — HalvingGridSearchCV
 *   (resource 'nSamples', factor 3) vs GridSearchCV. Target: the halving pick's full-data CV
 *   score (read from the exhaustive cvResults: same folds, same seeds) within 0.002 of the
 *   exhaustive best, in ≤ 1/3 of its time — read from the median ratio of `--repeats` pairs (3), each pair
 *   run back to back (alternating which search goes first): a shared machine's speed drifts between minutes.
 * - digits: the SVC space of benchmarks/digits.ts — HalvingRandomSearchCV (nCandidates 162,
 *   'nSamples') vs RandomizedSearchCV (nIter 50), cv 3. Target: a best ≥ the random search's in
 *   less time. The halving pick's last iteration saw 1,620 of 1,797 rows, so its full-data CV
 *   score is measured as well (one more 3-fold cross-validation, not counted in its time).
 *
 * Both measure the idle tail each iteration leaves on the 2 threads: per iteration,
 * 2 × wall − Σ(fit + score time) of its fits, i.e. thread time spent waiting for the slowest
 * fits of the iteration (and dispatch) before the next one can start; the last iteration ends
 * when its last result lands (the refit is shown on its own; its first tree ranges may run on the threads the last
 * iteration leaves idle, which the idle figures still count as idle).
 * returnTrainScore is false in every search (train scores only add cost here).
 *
 *   npm run build && node --import tsx benchmarks/halving.ts [--only airline|digits] [--rows 563000] [--repeats 3] [--sklearn]
 */
import type { Executor } from '../src/executors/executor.js';
import type { FitResult } from '../src/jobs/types.js';
import type { HalvingIterationInfo } from '../src/search/halving-search.js';
import type { BaseSearchCV } from '../src/search/base-search.js';
import type { CvResults } from '../src/search/types.js';
import type { Params } from '../src/estimators/estimator.js';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { datasetPath } from '../src/data/bundled.js';
import { builtPackage } from './lib/built.js';
import { machineLoad, printTable, ratio, secs } from './lib/table.js';
import { flag } from './lib/variant.js';

const pkg = await builtPackage();
const range = (from: number, to: number, step: number): number[] => Array.from({ length: Math.floor((to - from) / step) + 1 }, (_, i) => from + i * step);
const logspace = (lo: number, hi: number): number[] => range(lo, hi, 1).map((e) => 10 ** e);

/** The halving tables' columns: the halving search, the search it is compared with. */
const HALVING_COLUMNS = { hyperfold: 'halving', baseline: 'exhaustive' };

interface Timed {
  seconds: number;
  /** Per halving iteration: wall seconds, busy thread-seconds (Σ fit + score), idle thread-seconds. */
  rounds: { wall: number; busy: number; idle: number; fits: number }[];
}

/** Runs `search` on a fresh 2-thread pool; records per-iteration wall and busy time. */
async function timed(search: BaseSearchCV, X: Parameters<BaseSearchCV['fit']>[0], y: Parameters<BaseSearchCV['fit']>[1], executor: Executor): Promise<Timed> {
  const rounds: Timed['rounds'] = [];
  let start = performance.now();
  let busy = 0;
  let fits = 0;
  const close = (now: number): void => {
    const wall = (now - start) / 1000;
    rounds.push({ wall, busy, idle: 2 * wall - busy, fits });
  };
  search.on('iteration', (i: HalvingIterationInfo) => {
    const now = performance.now();
    if (i.iteration > 0) close(now);
    start = now;
    busy = 0;
    fits = 0;
  });
  let lastResult = start;
  search.on('result', (r: FitResult) => {
    busy += r.fitTime + r.scoreTime;
    fits++;
    lastResult = performance.now();
  });
  const t0 = performance.now();
  await search.fit(X, y);
  // the last iteration ends when its last result lands: the refit that follows has a row of its own
  close(lastResult);
  await executor.close();
  return { seconds: (performance.now() - t0) / 1000, rounds };
}

function scoreOf(cv: CvResults, params: Params): number {
  const i = cv.params.findIndex((p) => JSON.stringify(p) === JSON.stringify(params));
  if (i < 0) throw new Error(`candidate ${JSON.stringify(params)} is not in the exhaustive cvResults`);
  return (cv.mean_test_score as number[])[i]!;
}

function idleRows(label: string, t: Timed): { name: string; hyperfold: string; baseline: string; ratio: string }[] {
  const wall = t.rounds.reduce((a, r) => a + r.wall, 0);
  const idle = t.rounds.reduce((a, r) => a + r.idle, 0);
  return [
    ...t.rounds.map((r, i) => ({
      name: `${label} iteration ${i}: ${r.fits} fits, wall / idle thread-s`,
      hyperfold: secs(r.wall),
      baseline: secs(r.idle),
      ratio: `${((100 * r.idle) / (2 * r.wall)).toFixed(0)}% idle`,
    })),
    {
      name: `${label}: idle share of 2 threads over all iterations`,
      hyperfold: secs(idle),
      baseline: secs(2 * wall),
      ratio: `${((100 * idle) / (2 * wall)).toFixed(1)}%`,
    },
  ];
}

/** The median of `xs` (the mean of the middle two for an even count). */
function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** `--rows N`: the first N airline rows (all 563,000 by default). */
const AIRLINE_ROWS = flag('rows') === undefined ? undefined : Number(flag('rows'));

async function airline(): Promise<void> {
  const rows = AIRLINE_ROWS;
  // pairs (halving and exhaustive, alternating which goes first), each search on a fresh pool: a shared VM's speed drifts by ±15 % between minutes,
  // so one pair's ratio swings by ±0.04; the median over pairs is the figure the target is read from
  const repeats = Number(flag('repeats') ?? 3);
  const { X, y } = await pkg.loadAirline({ rows, target: 'delayed' });
  const grid = { nEstimators: range(2, 10, 2), maxDepth: range(2, 10, 2), criterion: ['gini', 'entropy'] };
  const est = (): InstanceType<typeof pkg.RandomForestClassifier> => new pkg.RandomForestClassifier({ randomState: 10 });
  const pairs: { h: Timed; g: Timed; halving: InstanceType<typeof pkg.HalvingGridSearchCV>; grid50: InstanceType<typeof pkg.GridSearchCV> }[] = [];
  type Halving = InstanceType<typeof pkg.HalvingGridSearchCV>;
  type Grid = InstanceType<typeof pkg.GridSearchCV>;
  const runHalving = async (): Promise<[Halving, Timed]> => {
    const pool = new pkg.PiscinaExecutor({ maxThreads: 2 });
    const search = new pkg.HalvingGridSearchCV(est(), grid, { cv: 3, randomState: 0, returnTrainScore: false, executor: pool });
    return [search, await timed(search, X, y, pool)];
  };
  const runGrid = async (): Promise<[Grid, Timed]> => {
    const pool = new pkg.PiscinaExecutor({ maxThreads: 2 });
    const search = new pkg.GridSearchCV(est(), grid, { cv: 3, randomState: 0, executor: pool });
    return [search, await timed(search, X, y, pool)];
  };
  for (let k = 0; k < repeats; k++) {
    // the process's first search also runs this thread's own search code cold: pairs alternate which search goes first
    let halvingRun: [Halving, Timed];
    let gridRun: [Grid, Timed];
    if (k % 2 === 0) {
      halvingRun = await runHalving();
      gridRun = await runGrid();
    } else {
      gridRun = await runGrid();
      halvingRun = await runHalving();
    }
    const [[halving, h], [grid50, g]] = [halvingRun, gridRun];
    pairs.push({ h, g, halving, grid50 });
    process.stderr.write(
      `bench: airline pair ${k + 1}/${repeats} (${k % 2 === 0 ? 'halving' : 'exhaustive'} first): halving ${secs(h.seconds)}, exhaustive ${secs(g.seconds)}, ${ratio(h.seconds, g.seconds)}\n`,
    );
  }
  const ratios = pairs.map((p) => p.h.seconds / p.g.seconds);
  const mid = ratios.indexOf([...ratios].sort((a, b) => a - b)[(ratios.length - 1) >> 1]!);
  // the pair whose ratio is the median (the lower middle one for an even count) is shown in detail
  const { h, g, halving, grid50 } = pairs[mid]!;
  const full = scoreOf(grid50.cvResults!, halving.bestParams!);
  const gap = grid50.bestScore! - full;
  const samePicks = pairs.every((p) => JSON.stringify(p.halving.bestParams) === JSON.stringify(halving.bestParams));
  printTable(
    `airline (${X.rows} rows): RandomForestClassifier grid of 50, cv 3 — HalvingGridSearchCV vs GridSearchCV, PiscinaExecutor(2), ${repeats} pairs`,
    [
      {
        name: `search time, median of ${repeats} pairs (target: halving ≤ 1/3 of exhaustive)`,
        hyperfold: secs(median(pairs.map((p) => p.h.seconds))),
        baseline: secs(median(pairs.map((p) => p.g.seconds))),
        ratio: `${median(ratios).toFixed(3)}×`,
      },
      { name: 'ratio of each pair, in run order', hyperfold: '', baseline: '', ratio: ratios.map((r) => r.toFixed(3)).join(' ') },
      { name: 'fits', hyperfold: String(halving.cvResults!.params.length * 3), baseline: String(grid50.cvResults!.params.length * 3), ratio: '' },
      {
        name: 'full-data CV score of the pick (target: within 0.002)',
        hyperfold: full.toFixed(4),
        baseline: grid50.bestScore!.toFixed(4),
        ratio: `gap ${gap.toFixed(4)}${samePicks ? '' : ' (picks differ between pairs!)'}`,
      },
      { name: "halving's own best score (last iteration's rows)", hyperfold: halving.bestScore!.toFixed(4), baseline: '', ratio: '' },
      { name: `the median pair (${ratio(h.seconds, g.seconds)}) in detail:`, hyperfold: '', baseline: '', ratio: '' },
      // the refit runs on the pool threads in tree ranges; the first ranges may start on threads the last iteration
      // leaves idle (counted as idle in its row below), so refitTime (from the first range) can overlap that row
      {
        name: 'refit of the pick on all rows, from its first tree range (part of the search time)',
        hyperfold: secs(halving.refitTime!),
        baseline: secs(grid50.refitTime!),
        ratio: '',
      },
      ...idleRows('halving', h),
      ...idleRows('exhaustive', g),
    ],
    HALVING_COLUMNS,
  );
  console.log(`schedule: nCandidates ${JSON.stringify(halving.nCandidates)}, nResources ${JSON.stringify(halving.nResources)}`);
  console.log(`picks: halving ${JSON.stringify(halving.bestParams)}; exhaustive ${JSON.stringify(grid50.bestParams)}`);
}

async function digits(): Promise<void> {
  const { X, y } = await pkg.loadDigits();
  const space = { C: logspace(-6, 6), gamma: logspace(-8, 8), tol: logspace(-4, -1), classWeight: [null, 'balanced'] as ('balanced' | null)[] };
  const nCandidates = Number(flag('nCandidates') ?? 162);
  let pool = new pkg.PiscinaExecutor({ maxThreads: 2 });
  const halving = new pkg.HalvingRandomSearchCV(new pkg.SVC({ kernel: 'rbf' }), space, {
    nCandidates,
    cv: 3,
    randomState: 0,
    returnTrainScore: false,
    executor: pool,
  });
  const h = await timed(halving, X, y, pool);
  pool = new pkg.PiscinaExecutor({ maxThreads: 2 });
  const random = new pkg.RandomizedSearchCV(new pkg.SVC({ kernel: 'rbf' }), space, { nIter: 50, cv: 3, randomState: 0, executor: pool });
  const r = await timed(random, X, y, pool);
  // the halving pick on all rows, as the random search scored its candidates (not timed above)
  pool = new pkg.PiscinaExecutor({ maxThreads: 2 });
  const check = new pkg.GridSearchCV(new pkg.SVC({ kernel: 'rbf' }), Object.fromEntries(Object.entries(halving.bestParams!).map(([k, v]) => [k, [v]])), {
    cv: 3,
    randomState: 0,
    executor: pool,
    refit: false,
  });
  await check.fit(X, y);
  await pool.close();
  const full = check.bestScore!;
  printTable(
    `digits: SVC space, cv 3 — HalvingRandomSearchCV (nCandidates ${nCandidates}) vs RandomizedSearchCV (nIter 50), PiscinaExecutor(2)`,
    [
      { name: 'search time (target: halving faster)', hyperfold: secs(h.seconds), baseline: secs(r.seconds), ratio: ratio(h.seconds, r.seconds) },
      { name: 'fits', hyperfold: String(halving.cvResults!.params.length * 3), baseline: String(random.cvResults!.params.length * 3), ratio: '' },
      {
        name: 'best: halving pick on all rows vs random best (target ≥)',
        hyperfold: full.toFixed(4),
        baseline: random.bestScore!.toFixed(4),
        ratio: full >= random.bestScore! ? '≥ (met)' : '< (NOT met)',
      },
      { name: "halving's own best score (last iteration's rows)", hyperfold: halving.bestScore!.toFixed(4), baseline: '', ratio: '' },
      ...idleRows('halving', h),
    ],
    { hyperfold: 'halving', baseline: 'random search' },
  );
  console.log(`schedule: nCandidates ${JSON.stringify(halving.nCandidates)}, nResources ${JSON.stringify(halving.nResources)}`);
  console.log(`picks: halving ${JSON.stringify(halving.bestParams)}; random ${JSON.stringify(random.bestParams)}`);
}

interface SklearnSide {
  seconds: number;
  best: Record<string, string | number>;
  bestScore: number;
}

/**
 * `--sklearn`: scikit-learn's own HalvingGridSearchCV and GridSearchCV on the same airline grid, folds and seeds
 * (n_jobs=2), when /usr/bin/python3 has it — the ratio its own halving reaches here (~6 min: its forest is ~6× slower).
 */
function sklearnAirline(rows: number | undefined): void {
  const python = '/usr/bin/python3';
  if (!existsSync(python) || spawnSync(python, ['-c', 'import sklearn'], { encoding: 'utf8' }).status !== 0) {
    console.log('--sklearn: scikit-learn is not installed for /usr/bin/python3 (apt-get install -y python3-sklearn); skipped');
    return;
  }
  const script = fileURLToPath(new URL('./lib/sklearn_halving.py', import.meta.url));
  const r = spawnSync(python, [script, datasetPath('airline-563k.csv.gz'), pkg.AIRLINE_FEATURES.join(','), String(rows ?? 0)], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`scikit-learn side failed: ${r.stderr}`);
  const out = JSON.parse(r.stdout.trim().split('\n').pop()!) as { halving: SklearnSide; exhaustive: SklearnSide; pickFullScore: number };
  printTable(
    'airline, the same grid on scikit-learn: HalvingGridSearchCV vs GridSearchCV, n_jobs=2 (its own ratio, for reference)',
    [
      {
        name: 'search time',
        hyperfold: secs(out.halving.seconds),
        baseline: secs(out.exhaustive.seconds),
        ratio: `${(out.halving.seconds / out.exhaustive.seconds).toFixed(3)}×`,
      },
      {
        name: 'full-data CV score of its pick',
        hyperfold: out.pickFullScore.toFixed(4),
        baseline: out.exhaustive.bestScore.toFixed(4),
        ratio: `gap ${(out.exhaustive.bestScore - out.pickFullScore).toFixed(4)}`,
      },
    ],
    { hyperfold: 'scikit-learn halving', baseline: 'exhaustive' },
  );
  console.log(`scikit-learn picks: halving ${JSON.stringify(out.halving.best)}; exhaustive ${JSON.stringify(out.exhaustive.best)}`);
}

const only = flag('only');
if (only === undefined || only === 'digits') await digits();
if (only === undefined || only === 'airline') await airline();
if ((only === undefined || only === 'airline') && process.argv.includes('--sklearn')) sklearnAirline(AIRLINE_ROWS);
console.log(machineLoad());
