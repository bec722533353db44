/**
 * Per-fit overhead of a whole search, side by side with scikit-learn 1.2.1 in the same run:
 * GridSearchCV over DummyClassifier (strategy 'prior', a near no-op fit), 2,500 candidates
 * (`randomState` 0..2499) × StratifiedKFold(2) on the first 40 digits rows = 5,000 fits, on
 * the default executor (a fresh pool: thread start-up included, as joblib's worker start-up
 * is included on scikit-learn's side). The baseline is scikit-learn's best of n_jobs=1 and
 * n_jobs=2, each timed around `fit` only (imports excluded on both sides). The runs of both
 * sides alternate (ours, sklearn n_jobs=1, sklearn n_jobs=2, repeated), so load from other work
 * on the machine falls on both alike; the best of each is compared. Also prints CPU seconds (all
 * threads of our process; scikit-learn's one process at n_jobs=1), which a loaded machine skews
 * less than wall time, and the start-up of one pool thread (spawn → first answered task).
 *
 * Runs the built package (`dist/`), so pool threads do not load the TypeScript loader.
 *
 *   npm run build && node --import tsx benchmarks/overhead.ts [--repeats 3] [--skip-sklearn]
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FitJob } from '../src/index.js';
import { builtPackage } from './lib/built.js';
import { machineLoad, printTable, ratio, secs, type Row } from './lib/table.js';
import { flag } from './lib/variant.js';

const REPEATS = Number(flag('repeats') ?? 3);
const CANDIDATES = 2500;
const ROWS = 40;
const PYTHON = '/usr/bin/python3';

const hf = await builtPackage();
const digits = await hf.loadDigits();
const rows = Int32Array.from({ length: ROWS }, (_, i) => i);
const X = { data: digits.X.data.slice(0, ROWS * digits.X.cols), rows: ROWS, cols: digits.X.cols };
const y = Int32Array.from(rows, (i) => digits.y[i]!);
const grid = { strategy: ['prior'] as const, randomState: Array.from({ length: CANDIDATES }, (_, i) => i) };

interface Timing {
  seconds: number;
  cpuSeconds: number;
}

/** One whole search on a fresh default executor (created and closed by the search). */
async function ours(): Promise<Timing> {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const search = new hf.GridSearchCV(new hf.DummyClassifier(), grid, { cv: 2 });
  await search.fit(X, y);
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(c0);
  const n = search.cvResults?.params.length ?? 0;
  if (n !== CANDIDATES) throw new Error(`expected ${CANDIDATES} candidates, got ${n}`);
  return { seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
}

/** A DummyClassifier job, for the start-up probe (the probe reads its estimator and scorer names). */
const probeJob: FitJob = {
  key: 'probe',
  candidateIndex: 0,
  splitIndex: 0,
  estimator: { name: 'DummyClassifier', params: {} },
  dataId: 'probe',
  train: new Int32Array(0),
  test: new Int32Array(0),
  scoring: { score: 'accuracy' },
  returnTrainScore: false,
  seed: 0,
};

/** Spawn → first answered task of one pool thread, which loads what a DummyClassifier fit needs. */
async function threadStart(): Promise<number> {
  const pool = new hf.PiscinaExecutor({ maxThreads: 1 });
  const t0 = performance.now();
  await pool.validate([probeJob]);
  const seconds = (performance.now() - t0) / 1000;
  await pool.close();
  return seconds;
}

const PY = String.raw`
import sys, json, time, gzip
import numpy as np
from sklearn.dummy import DummyClassifier
from sklearn.model_selection import GridSearchCV, StratifiedKFold
d = np.loadtxt(gzip.open(sys.argv[1]), delimiter=',')
rows, candidates, jobs = int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
X, y = d[:rows, :64], d[:rows, 64].astype(int)
grid = {'strategy': ['prior'], 'random_state': list(range(candidates))}
t, c = time.perf_counter(), time.process_time()
GridSearchCV(DummyClassifier(), grid, cv=StratifiedKFold(2), n_jobs=jobs).fit(X, y)
print(json.dumps({'seconds': time.perf_counter() - t, 'cpuSeconds': time.process_time() - c}))
`;

const hasSklearn = !process.argv.includes('--skip-sklearn') && existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import sklearn']).status === 0;

/** One scikit-learn search with `nJobs` workers, in a fresh Python process (its imports are not timed). */
function sklearn(nJobs: number): Timing {
  const file = fileURLToPath(new URL('../datasets/digits.csv.gz', import.meta.url));
  const r = spawnSync(PYTHON, ['-c', PY, file, String(ROWS), String(CANDIDATES), String(nJobs)], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`scikit-learn baseline failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as Timing;
}

const starts: number[] = [];
for (let i = 0; i < REPEATS; i++) starts.push(await threadStart());
const mine: Timing[] = [];
const theirs: Record<'n_jobs=1' | 'n_jobs=2', Timing[]> = { 'n_jobs=1': [], 'n_jobs=2': [] };
/** Lets what the previous run left behind wind down (joblib's resource tracker, our last pool's exiting threads) before a timed run. */
const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 500));
for (let i = 0; i < REPEATS; i++) {
  await settle();
  mine.push(await ours());
  await settle();
  if (hasSklearn) {
    theirs['n_jobs=1'].push(sklearn(1));
    theirs['n_jobs=2'].push(sklearn(2));
  }
}
const bestOf = (ts: readonly Timing[], k: keyof Timing): number => Math.min(...ts.map((t) => t[k]));
const best = bestOf(mine, 'seconds');
const rowsOut: Row[] = [];
const name = '5,000 no-op fits, GridSearchCV(DummyClassifier), default executor';
if (hasSklearn) {
  const [which, skBest] = (['n_jobs=1', 'n_jobs=2'] as const).map((k) => [k, bestOf(theirs[k], 'seconds')] as const).reduce((a, b) => (b[1] < a[1] ? b : a));
  rowsOut.push({ name: `${name}, wall (vs sklearn ${which}, its best)`, hyperfold: secs(best), baseline: secs(skBest), ratio: ratio(best, skBest) });
  for (const k of ['n_jobs=1', 'n_jobs=2'] as const) {
    rowsOut.push({ name: `  scikit-learn 1.2.1 ${k}, wall`, hyperfold: '', baseline: secs(bestOf(theirs[k], 'seconds')), ratio: '' });
  }
  const cpu = bestOf(mine, 'cpuSeconds');
  const skCpu = bestOf(theirs['n_jobs=1'], 'cpuSeconds');
  rowsOut.push({ name: `${name}, CPU all threads (vs sklearn n_jobs=1)`, hyperfold: secs(cpu), baseline: secs(skCpu), ratio: ratio(cpu, skCpu) });
} else {
  rowsOut.push({ name: `${name}, wall (scikit-learn not available)`, hyperfold: secs(best), baseline: '-', ratio: '-' });
}
rowsOut.push({ name: 'one pool thread: spawn → DummyClassifier loaded, probe answered', hyperfold: secs(Math.min(...starts)), baseline: '-', ratio: '-' });
printTable(`Per-fit overhead (best of ${REPEATS}, runs alternating; ${machineLoad()}; goal ≤ 0.10× scikit-learn's best wall time)`, rowsOut);
