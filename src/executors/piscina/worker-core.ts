/**
 * What a pool thread does (loaded by worker.ts): imports the user's `modules`
 * before the first task, then only the built-in estimators its jobs name
 * (`loadEstimators`: a DummyClassifier search never loads libsvm), caches
 * shared data sets and folds by key, and runs each batch of jobs through
 * `fitAndScore` — the same function every executor uses. The built-in
 * scorers come with fitAndScore (the scorer registry). It also runs an
 * estimator's `prepareData` for a search that starts (`PiscinaExecutor.prepareData`).
 */
import { workerData, threadId } from 'node:worker_threads';
import type { DataSet } from '../../data/dataset.js';
import { BUILTIN_ESTIMATORS, estimatorNames, loadEstimators } from '../../estimators/builtin.js';
import { createEstimator, hasEstimator, listEstimators } from '../../estimators/registry.js';
import { fitAndScore } from '../../jobs/fit-and-score.js';
import type { FitResult } from '../../jobs/types.js';
import { getScorer } from '../../metrics/scorers.js';
import {
  JOB_STRIDE,
  type BatchTask,
  type DoneReply,
  type MissingReply,
  type PoolReply,
  type PoolTask,
  type PoolWorkerData,
  type PreparedReply,
  type PrepareTask,
  type ProbeReply,
  type ProbeTask,
} from './messages.js';
import { dataSetFromShared } from './shared-data.js';
import { SpecReader } from './spec-table.js';
import { decodeBatch, encodeResults } from './wire.js';

const modules = ((workerData as PoolWorkerData | undefined)?.modules ?? []).slice();

/** How this thread loads a built-in estimator's module (worker.ts passes its loader: require() where it can). */
let loadModule: (url: string) => unknown = (url) => import(url);

/** Sets how this thread loads the built-in estimators' modules (called once by worker.ts). */
export function useModuleLoader(load: (url: string) => unknown): void {
  loadModule = load;
}
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
const runs = new Map<number, { status: Int32Array; started: Float64Array; specs: SpecReader }>();

function remember<K, V>(map: Map<K, V>, key: K, value: V, max: number): void {
  map.delete(key);
  map.set(key, value);
  while (map.size > max) map.delete(map.keys().next().value as K);
}

function accept(task: BatchTask): MissingReply | undefined {
  const a = task.attach;
  // a run's first batches all carry its resources: a thread keeps what it already holds (its DataSet object, parsed specs)
  if (a?.data && !datasets.has(a.data.key)) remember(datasets, a.data.key, dataSetFromShared(a.data), MAX_DATASETS);
  if (a?.run && !runs.has(task.run)) remember(runs, task.run, { status: a.run.status, started: a.run.started, specs: new SpecReader(a.run.specs) }, MAX_RUNS);
  let table = folds.get(task.dataId);
  if (!table) {
    table = new Map();
    remember(folds, task.dataId, table, MAX_DATASETS);
  }
  if (a?.folds) for (const [id, arr] of Object.entries(a.folds)) table.set(Number(id), arr);
  const missingFolds = new Set<number>();
  for (let o = 0; o < task.jobs.length; o += JOB_STRIDE) {
    const train = task.jobs[o + 2]!;
    const test = task.jobs[o + 3]!;
    if (!table.has(train)) missingFolds.add(train);
    if (!table.has(test)) missingFolds.add(test);
  }
  const missData = !datasets.has(task.dataKey);
  const missRun = !runs.has(task.run);
  if (!missData && !missRun && missingFolds.size === 0) return undefined;
  return { kind: 'missing', data: missData, folds: [...missingFolds], run: missRun };
}

async function runBatch(task: BatchTask): Promise<DoneReply | MissingReply> {
  const missing = accept(task);
  if (missing) return missing;
  const data = datasets.get(task.dataKey)!;
  const table = folds.get(task.dataId)!;
  const { status, started, specs } = runs.get(task.run)!;
  const batch = [
    ...decodeBatch(
      task,
      (id) => table.get(id)!,
      (sp) => specs.get(sp),
    ),
  ];
  const names = new Set<string>();
  // jobs of one spec share its params object (SpecReader): its names are read once
  const seen = new Set<object>();
  for (const { job } of batch) {
    if (seen.has(job.estimator.params)) continue;
    seen.add(job.estimator.params);
    estimatorNames(job.estimator.name, job.estimator.params, names);
  }
  await loadEstimators(names, loadModule);
  const results: FitResult[] = [];
  const seconds: number[] = [];
  // each job's wall time runs from the previous job's end (the batch's start for the first) to its result's endedAt
  let previousEnd = performance.timeOrigin + performance.now();
  for (const { index, job } of batch) {
    // the start time first: the main thread's fitTimeout watchdog (the only reader) reads it once it sees status 1
    if (job.fitTimeout !== undefined) started[index] = Date.now();
    Atomics.store(status, index, 1);
    const r = fitAndScore(job, data, workerName);
    results.push(r);
    Atomics.store(status, index, 2);
    const end = r.endedAt ?? performance.timeOrigin + performance.now();
    seconds.push((end - previousEnd) / 1000);
    previousEnd = end;
  }
  return encodeResults(results, seconds, workerName);
}

function scorerKnown(name: string): boolean {
  try {
    getScorer(name);
    return true;
  } catch {
    return false;
  }
}

async function probe(task: ProbeTask): Promise<ProbeReply> {
  await loadEstimators(task.estimators, loadModule);
  return {
    kind: 'probe',
    unknownEstimators: task.estimators.filter((n) => !hasEstimator(n)),
    unknownScorers: task.scorers.filter((n) => !scorerKnown(n)),
    estimators: [...new Set([...listEstimators(), ...BUILTIN_ESTIMATORS])].sort(),
    modules,
  };
}

/**
 * Loads the estimators the pool was started for (`workerData.preload`, from `PiscinaExecutor.warmUp`)
 * as the thread starts, not when its first task (the probe) arrives: measured with an idle main thread,
 * the probe was answered 72–83 ms after the threads were spawned instead of 116–129 ms. Names that are
 * not built-in are left to the probe to report.
 */
export async function preload(): Promise<void> {
  await loadEstimators((workerData as PoolWorkerData | undefined)?.preload ?? [], loadModule);
}

/** Runs the estimator's prepareData on the task's X and y here (the search thread meanwhile builds its folds). */
async function prepare(task: PrepareTask): Promise<PreparedReply> {
  const { name, params } = task.estimator;
  await loadEstimators(estimatorNames(name, params), loadModule);
  const data: DataSet = { id: '', X: { data: task.X, rows: task.rows, cols: task.cols }, y: task.y, derived: new Map() };
  const est = createEstimator(name, params);
  if (est.kind !== 'transformer') est.prepareData?.(data);
  return { kind: 'prepared', derived: [...data.derived].map(([key, payload]) => ({ name: key, payload })) };
}

/** Runs one task (after loadModules). */
export function handleTask(task: PoolTask): Promise<PoolReply> {
  if (task.kind === 'probe') return probe(task);
  return task.kind === 'prepare' ? prepare(task) : runBatch(task);
}
