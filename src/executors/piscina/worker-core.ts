/**
 * What a pool thread does (loaded by worker.ts): registers the package's
 * built-in estimators and scorers, imports the user's `modules` before the
 * first task, caches shared data sets and folds by key, and runs each batch of
 * jobs through `fitAndScore` — the same function every executor uses.
 */
import { workerData, threadId } from 'node:worker_threads';
import '../../estimators/index.js';
import '../../metrics/index.js';
import type { DataSet } from '../../data/dataset.js';
import { hasEstimator, listEstimators } from '../../estimators/registry.js';
import { fitAndScore } from '../../jobs/fit-and-score.js';
import type { FitJob, FitResult } from '../../jobs/types.js';
import { getScorer } from '../../metrics/scorers.js';
import type { BatchTask, DoneReply, MissingReply, PoolReply, PoolTask, PoolWorkerData, ProbeReply, ProbeTask } from './messages.js';
import { dataSetFromShared } from './shared-data.js';

const modules = ((workerData as PoolWorkerData | undefined)?.modules ?? []).slice();
const workerName = `thread ${threadId}`;

/** Imports the user's modules, in order (called once per thread before its first task). */
export async function loadModules(): Promise<void> {
  for (const m of modules) {
    try {
      await import(m);
    } catch (err) {
      const msg = err instanceof Error ? err.message : String(err);
      throw new Error(`pool thread could not import module ${m}: ${msg}`);
    }
  }
}

const MAX_DATASETS = 4;
const MAX_RUNS = 16;
const datasets = new Map<string, DataSet>();
const folds = new Map<string, Map<number, Int32Array>>();
const statuses = new Map<number, Int32Array>();

function remember<K, V>(map: Map<K, V>, key: K, value: V, max: number): void {
  map.delete(key);
  map.set(key, value);
  while (map.size > max) map.delete(map.keys().next().value as K);
}

function accept(task: BatchTask): MissingReply | undefined {
  const a = task.attach;
  if (a?.data) remember(datasets, a.data.key, dataSetFromShared(a.data), MAX_DATASETS);
  if (a?.status) remember(statuses, task.run, a.status, MAX_RUNS);
  let table = folds.get(task.dataId);
  if (!table) {
    table = new Map();
    remember(folds, task.dataId, table, MAX_DATASETS);
  }
  if (a?.folds) for (const [id, arr] of Object.entries(a.folds)) table.set(Number(id), arr);
  const missingFolds = new Set<number>();
  for (const j of task.jobs) {
    if (!table.has(j.train)) missingFolds.add(j.train);
    if (!table.has(j.test)) missingFolds.add(j.test);
  }
  const missData = !datasets.has(task.dataKey);
  const missStatus = !statuses.has(task.run);
  if (!missData && !missStatus && missingFolds.size === 0) return undefined;
  return { kind: 'missing', data: missData, folds: [...missingFolds], status: missStatus };
}

function runBatch(task: BatchTask): DoneReply | MissingReply {
  const missing = accept(task);
  if (missing) return missing;
  const data = datasets.get(task.dataKey)!;
  const table = folds.get(task.dataId)!;
  const status = statuses.get(task.run)!;
  const results: FitResult[] = [];
  const seconds: number[] = [];
  for (const w of task.jobs) {
    const job: FitJob = {
      key: w.key,
      candidateIndex: w.candidateIndex,
      splitIndex: w.splitIndex,
      estimator: { name: w.name, params: w.params },
      dataId: task.dataId,
      train: table.get(w.train)!,
      test: table.get(w.test)!,
      scoring: w.scoring,
      returnTrainScore: w.returnTrainScore,
      seed: w.seed,
    };
    Atomics.store(status, w.i, 1);
    const t0 = performance.now();
    results.push(fitAndScore(job, data, workerName));
    seconds.push((performance.now() - t0) / 1000);
    Atomics.store(status, w.i, 2);
  }
  return { kind: 'done', results, seconds };
}

function scorerKnown(name: string): boolean {
  try {
    getScorer(name);
    return true;
  } catch {
    return false;
  }
}

function probe(task: ProbeTask): ProbeReply {
  return {
    kind: 'probe',
    unknownEstimators: task.estimators.filter((n) => !hasEstimator(n)),
    unknownScorers: task.scorers.filter((n) => !scorerKnown(n)),
    estimators: listEstimators(),
    modules,
  };
}

/** Runs one task (after loadModules). */
export function handleTask(task: PoolTask): PoolReply {
  return task.kind === 'probe' ? probe(task) : runBatch(task);
}
