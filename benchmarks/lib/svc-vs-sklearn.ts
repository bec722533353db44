import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Params } from '../../src/estimators/estimator.js';
import { mb, ratio, secs, type Row } from './table.js';

/** The default-executor seed search's figures (benchmarks/digits.ts `--variant svc default`). */
export interface DefaultOutcome {
  seconds: number;
  /** CPU of the whole process (every thread, module loading included). */
  cpuSeconds: number;
  bestScore: number;
  bestParams: Params;
  peakRss: number;
  candidates: Params[];
  splits: number[][];
}

/** What the pool variants report that these rows use. */
interface PoolOutcome {
  peakRss: number;
}

const SCRIPT = fileURLToPath(new URL('./sklearn_svc.py', import.meta.url));
const PYTHON = '/usr/bin/python3';

/** The issue's figures, used when scikit-learn cannot run here (measured 2026-12, same machine kind). */
const ISSUE = {
  searchSeconds: 17,
  fits: [
    { libsvm: [125, 62], sklearn: [48, 28] },
    { libsvm: [148, 61], sklearn: [60, 27] },
    { libsvm: [377, 100], sklearn: [99, 54] },
    { libsvm: [463, 120], sklearn: [121, 61] },
    { libsvm: [432, 95], sklearn: [212, 75] },
  ],
};

/** Runs benchmarks/lib/sklearn_svc.py with a JSON request; undefined when python3 + scikit-learn are absent. */
function sklearn<T>(request: object): T | undefined {
  const r = spawnSync(PYTHON, [SCRIPT], { input: JSON.stringify(request), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) {
    console.log(
      `scikit-learn side unavailable (${(r.stderr || r.error?.message || '').split('\n').filter(Boolean).pop() ?? 'no output'}); using the issue's figures`,
    );
    return undefined;
  }
  return JSON.parse(r.stdout) as T;
}

/** Rows comparing the default-executor seed search with scikit-learn's n_jobs=2 run over the same candidates. */
export function seedSearchRows(ours: DefaultOutcome, pool: PoolOutcome): Row[] {
  const candidates = ours.candidates.map((c) => ({ C: c.C, gamma: c.gamma, tol: c.tol, classWeight: c.classWeight }));
  const sk = sklearn<{ seconds: number; cpuSeconds: number; splits: number[][]; bestScore: number }>({ mode: 'search', candidates, nJobs: 2 });
  const baseline = sk?.seconds ?? ISSUE.searchSeconds;
  let equal = 0;
  if (sk)
    ours.splits.forEach((row, i) =>
      row.forEach((v, k) => {
        if (v === sk.splits[i]![k]) equal++;
      }),
    );
  const n = ours.splits.length * 3;
  return [
    {
      name: `wall time (target ≤ 0.50×)${sk ? '' : ' — baseline: issue figure'}`,
      hyperfold: secs(ours.seconds),
      baseline: secs(baseline),
      ratio: ratio(ours.seconds, baseline),
    },
    {
      name: 'CPU time, whole process incl. workers and imports (load-independent)',
      hyperfold: secs(ours.cpuSeconds),
      baseline: sk ? secs(sk.cpuSeconds) : '-',
      ratio: sk ? ratio(ours.cpuSeconds, sk.cpuSeconds) : '-',
    },
    {
      name: 'best score',
      hyperfold: ours.bestScore.toFixed(4),
      baseline: sk ? sk.bestScore.toFixed(4) : '-',
      ratio: sk ? (sk.bestScore === ours.bestScore ? 'same' : 'DIFFERENT') : '-',
    },
    {
      name: 'split scores equal to scikit-learn',
      hyperfold: sk ? `${equal}/${n}` : '-',
      baseline: `${n}/${n}`,
      ratio: sk ? (equal === n ? 'all' : 'DIFFERENT') : '-',
    },
    { name: 'peak RSS, default executor (main thread + pool)', hyperfold: mb(ours.peakRss), baseline: '-', ratio: '-' },
    { name: 'peak RSS of the pool variant above', hyperfold: mb(pool.peakRss), baseline: '-', ratio: '-' },
  ];
}

/** Per-fit / per-predict rows: ours vs libsvm-js (measured here) and scikit-learn (measured here, or the issue's). */
export function perFitRows(ours: Record<string, { fitMs: number; predictMs: number }[]>): Row[] {
  const labels = ['C=10, γ=1e-3', 'C=1e6, γ=1e-3', 'C=1, γ=1e-8', 'C=1e-6, γ=1e-2', 'C=100, γ=1'];
  const cands = [
    [10, 1e-3],
    [1e6, 1e-3],
    [1, 1e-8],
    [1e-6, 1e-2],
    [100, 1],
  ].map(([C, gamma]) => ({ C, gamma }));
  const sk = sklearn<{ fitMs: number; predictMs: number }[]>({ mode: 'fits', candidates: cands, repeat: 3 });
  const ms = (x: number): string => `${x.toFixed(0)} ms`;
  const rows: Row[] = [];
  labels.forEach((label, i) => {
    const o = ours.smo![i]!;
    const l = ours.libsvm![i]!;
    const s = sk ? [sk[i]!.fitMs, sk[i]!.predictMs] : ISSUE.fits[i]!.sklearn;
    rows.push({ name: `${label} fit: ours vs libsvm-js`, hyperfold: ms(o.fitMs), baseline: ms(l.fitMs), ratio: ratio(o.fitMs, l.fitMs) });
    rows.push({ name: `${label} fit: ours vs scikit-learn${sk ? '' : ' (issue)'}`, hyperfold: ms(o.fitMs), baseline: ms(s[0]!), ratio: ratio(o.fitMs, s[0]!) });
    rows.push({ name: `${label} predict: ours vs libsvm-js`, hyperfold: ms(o.predictMs), baseline: ms(l.predictMs), ratio: ratio(o.predictMs, l.predictMs) });
    rows.push({
      name: `${label} predict: ours vs scikit-learn${sk ? '' : ' (issue)'}`,
      hyperfold: ms(o.predictMs),
      baseline: ms(s[1]!),
      ratio: ratio(o.predictMs, s[1]!),
    });
  });
  return rows;
}
