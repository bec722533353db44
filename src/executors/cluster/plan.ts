import { createHash } from 'node:crypto';
import type { DataSet } from '../../data/dataset.js';
import { ValidationError } from '../../errors.js';
import type { FitJob } from '../../jobs/types.js';
import { costHint } from '../../estimators/registry.js';
import type { FoldIndices } from './codec.js';
import { foldId } from './protocol.js';

/** The search id used when none is given: a hash of the data id and the job keys (same search, same id). */
export function defaultSearchId(dataId: string, keys: Iterable<string>): string {
  const h = createHash('sha256').update(dataId);
  for (const k of [...keys].sort()) h.update('\n' + k);
  return 's' + h.digest('hex').slice(0, 24);
}

/** The jobs of one run grouped by key (identical candidates share a fit and get one result each). */
export function groupByKey(data: DataSet, jobs: readonly FitJob[]): Map<string, FitJob[]> {
  const byKey = new Map<string, FitJob[]>();
  for (const j of jobs) {
    if (j.dataId !== data.id) throw new ValidationError(`job ${j.key} refers to data set ${j.dataId} but run() was given ${data.id}`);
    const list = byKey.get(j.key);
    if (list) list.push(j);
    else byKey.set(j.key, [j]);
  }
  return byKey;
}

/** What a run must enqueue: the fits without a stored result (costliest first) and their folds by id. */
export interface RunPlan {
  missing: FitJob[];
  folds: Map<string, FoldIndices>;
  foldOf: Map<string, string>;
}

/** Picks the fits not in `stored`, costliest first (the estimators' cost hints, so slow fits do not form the tail), and names their folds. */
export function planRun(byKey: Map<string, FitJob[]>, stored: Set<string>): RunPlan {
  const missing = [...byKey.entries()]
    .filter(([k]) => !stored.has(k))
    .map(([, js]) => ({ j: js[0]!, cost: costHint(js[0]!.estimator.name, js[0]!.estimator.params) }))
    .sort((a, b) => b.cost - a.cost)
    .map(({ j }) => j);
  const folds = new Map<string, FoldIndices>();
  const foldOf = new Map<string, string>();
  // jobs of a search share their fold arrays: hash each (train, test) pair once
  const idByArrays = new Map<Int32Array, Map<Int32Array, string>>();
  for (const j of missing) {
    let byTest = idByArrays.get(j.train);
    if (!byTest) idByArrays.set(j.train, (byTest = new Map()));
    let id = byTest.get(j.test);
    if (id === undefined) byTest.set(j.test, (id = foldId(j.train, j.test)));
    foldOf.set(j.key, id);
    if (!folds.has(id)) folds.set(id, { train: j.train, test: j.test });
  }
  return { missing, folds, foldOf };
}
