/**
 * Per-fit overhead of a whole search, side by side with scikit-learn 1.2.1 in the same run:
 * GridSearchCV over DummyClassifier (strategy 'prior', a near no-op fit), 2,500 candidates
 * (`randomState` 0..2499) × StratifiedKFold(2) on the first 40 digits rows = 5,000 fits, on
 * the default executor (a fresh pool: thread start-up included, as joblib's worker start-up
 * is included on scikit-learn's side). The baseline is scikit-learn's best of n_jobs=1 and
 * n_jobs=2, each timed around `fit` only (imports excluded on both sides). Also prints the
 * start-up of one pool thread (spawn → first answered task).
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
const grid = { strategy: ['prior'], randomState: Array.from({ length: CANDIDATES }, (_, i) => i) };

/** One whole search on a fresh default executor (created and closed by the search). */
async function ours(): Promise<number> {
  const t0 = performance.now();
  const search = new hf.GridSearchCV(new hf.DummyClassifier(), grid, { cv: 2 });
  await search.fit(X, y);
  const seconds = (performance.now() - t0) / 1000;
  const n = search.cvResults?.params.length ?? 0;
  if (n !== CANDIDATES) throw new Error(`expected ${CANDIDATES} candidates, got ${n}`);
  return seconds;
}

/** A DummyClassifier job, for the start-up probe (the probe reads its estimator and scorer names). */
const probeJob: FitJob = {
  key: 'probe', candidateIndex: 0, splitIndex: 0, estimator: { name: 'DummyClassifier', params: {} }, dataId: 'probe',
  train: new Int32Array(0), test: new Int32Array(0), scoring: { score: 'accuracy' }, returnTrainScore: false, seed: 0,
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
rows, candidates, repeats = int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
X, y = d[:rows, :64], d[:rows, 64].astype(int)
grid = {'strategy': ['prior'], 'random_state': list(range(candidates))}
out = {}
for jobs in (1, 2):
    best = float('inf')
    for _ in range(repeats):
        t = time.perf_counter()
        GridSearchCV(DummyClassifier(), grid, cv=StratifiedKFold(2), n_jobs=jobs).fit(X, y)
        best = min(best, time.perf_counter() - t)
    out['n_jobs=%d' % jobs] = best
print(json.dumps(out))
`;

function sklearn(): Record<string, number> | undefined {
  if (process.argv.includes('--skip-sklearn') || !existsSync(PYTHON)) return undefined;
  const r = spawnSync(PYTHON, ['-c', PY, fileURLToPath(new URL('../datasets/digits.csv.gz', import.meta.url)), String(ROWS), String(CANDIDATES), String(REPEATS)], {
    encoding: 'utf8',
  });
  if (r.status !== 0) {
    console.error(`scikit-learn baseline skipped: ${r.stderr.trim().split('\n').pop()}`);
    return undefined;
  }
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as Record<string, number>;
}

const starts: number[] = [];
for (let i = 0; i < REPEATS; i++) starts.push(await threadStart());
const times: number[] = [];
for (let i = 0; i < REPEATS; i++) times.push(await ours());
const sk = sklearn();
const best = Math.min(...times);
const startBest = Math.min(...starts);
const rowsOut: Row[] = [];
if (sk) {
  const skBest = Math.min(...Object.values(sk));
  const which = Object.entries(sk).find(([, v]) => v === skBest)![0];
  rowsOut.push({ name: `5,000 no-op fits, GridSearchCV(DummyClassifier), default executor vs sklearn ${which}`, hyperfold: secs(best), baseline: secs(skBest), ratio: ratio(best, skBest) });
  for (const [k, v] of Object.entries(sk)) rowsOut.push({ name: `  scikit-learn 1.2.1 ${k}`, hyperfold: '', baseline: secs(v), ratio: '' });
} else {
  rowsOut.push({ name: '5,000 no-op fits, GridSearchCV(DummyClassifier), default executor', hyperfold: secs(best), baseline: '-', ratio: '-' });
}
rowsOut.push({ name: 'one pool thread: spawn → DummyClassifier loaded, probe answered', hyperfold: secs(startBest), baseline: '-', ratio: '-' });
printTable(`Per-fit overhead (best of ${REPEATS}; ${machineLoad()}; goal ≤ 0.10× scikit-learn's best)`, rowsOut);
