import type { FitJob, FitResult, FitSuccess } from '../../jobs/types.js';
import { JOB_STRIDE, type BatchTask, type DoneReply, type WireSpec } from './messages.js';
import type { FoldTable } from './fold-table.js';

/**
 * Packs jobs `indices` of a run into one batch message: two typed arrays
 * (run index, spec number, fold ids, candidate, split; seeds) — what
 * postMessage copies is a few dozen bytes per job.
 */
export function encodeBatch(
  jobs: readonly FitJob[],
  indices: readonly number[],
  specOfJob: Int32Array,
  folds: FoldTable,
  head: Pick<BatchTask, 'run' | 'dataKey' | 'dataId'>,
): BatchTask {
  const packed = new Int32Array(indices.length * JOB_STRIDE);
  const seeds = new Float64Array(indices.length);
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k]!;
    const job = jobs[i]!;
    const o = k * JOB_STRIDE;
    packed[o] = i;
    packed[o + 1] = specOfJob[i]!;
    packed[o + 2] = folds.intern(job.train);
    packed[o + 3] = folds.intern(job.test);
    packed[o + 4] = job.candidateIndex;
    packed[o + 5] = job.splitIndex;
    seeds[k] = job.seed;
  }
  return { kind: 'batch', ...head, jobs: packed, seeds };
}

/**
 * The FitJobs of a batch message, over the thread's cached folds and spec table (keys stay in the main thread).
 * Every job has the same shape (the optional fields present, undefined when the spec has none): a pool thread
 * decodes thousands of jobs while its code is still cold, and conditional spreads cost a runtime call each.
 */
export function decodeBatch(task: BatchTask, fold: (id: number) => Int32Array, spec: (s: number) => WireSpec): { index: number; job: FitJob }[] {
  const out: { index: number; job: FitJob }[] = [];
  const packed = task.jobs;
  for (let k = 0; k < task.seeds.length; k++) {
    const o = k * JOB_STRIDE;
    const sp = spec(packed[o + 1]!);
    const job: FitJob = {
      key: '',
      candidateIndex: packed[o + 4]!,
      splitIndex: packed[o + 5]!,
      estimator: { name: sp.name, params: sp.params },
      dataId: task.dataId,
      train: fold(packed[o + 2]!),
      test: fold(packed[o + 3]!),
      scoring: sp.scoring,
      returnTrainScore: sp.returnTrainScore,
      seed: task.seeds[k]!,
      fitTimeout: sp.fitTimeout,
      part: sp.part,
      returnModel: sp.returnModel,
    };
    out.push({ index: packed[o]!, job });
  }
  return out;
}

/** True when `scores` has exactly the keys `metrics`, in that order (a for-in walk: no key array per result). */
function sameKeys(scores: Record<string, number>, metrics: readonly string[]): boolean {
  let j = 0;
  for (const k in scores) {
    if (k !== metrics[j]) return false;
    j++;
  }
  return j === metrics.length;
}

/** Own enumerable keys of a plain record, counted without building their array (once per result). */
function keyCount(o: object): number {
  let n = 0;
  for (const k in o) if (Object.hasOwn(o, k)) n++;
  return n;
}

/** Packs a batch's results into columns (see DoneReply). */
export function encodeResults(results: readonly FitResult[], seconds: readonly number[], worker: string): DoneReply {
  const n = results.length;
  const firstOk = results.find((r): r is FitSuccess => r.ok);
  const metrics = firstOk ? Object.keys(firstOk.testScores) : [];
  const m = metrics.length;
  const withTrain = results.some((r) => r.ok && r.trainScores !== undefined);
  const reply: DoneReply = {
    kind: 'done',
    worker,
    seconds: Float64Array.from(seconds),
    fitTime: new Float64Array(n),
    scoreTime: new Float64Array(n),
    startedAt: new Float64Array(n),
    endedAt: new Float64Array(n),
    nTest: new Int32Array(n),
    metrics,
    test: new Float64Array(n * m),
    train: withTrain ? new Float64Array(n * m) : null,
    others: {},
  };
  for (let k = 0; k < n; k++) {
    const r = results[k]!;
    const columnar =
      r.ok &&
      r.worker === worker &&
      sameKeys(r.testScores, metrics) &&
      (withTrain ? r.trainScores !== undefined && sameKeys(r.trainScores, metrics) : r.trainScores === undefined) &&
      r.startedAt !== undefined &&
      r.endedAt !== undefined &&
      keyCount(r) === (withTrain ? 12 : 11);
    if (!columnar) {
      reply.others[k] = r;
      continue;
    }
    reply.fitTime[k] = r.fitTime;
    reply.scoreTime[k] = r.scoreTime;
    reply.startedAt[k] = r.startedAt!;
    reply.endedAt[k] = r.endedAt!;
    reply.nTest[k] = r.nTestSamples;
    for (let j = 0; j < m; j++) {
      reply.test[k * m + j] = r.testScores[metrics[j]!]!;
      if (reply.train) reply.train[k * m + j] = r.trainScores![metrics[j]!]!;
    }
  }
  return reply;
}

/** Result `k` of a batch reply, with the key, candidate and split of `job` (the job it belongs to). */
export function decodeResult(reply: DoneReply, k: number, job: FitJob): FitResult {
  const other = reply.others[k];
  if (other) return { ...other, key: job.key, candidateIndex: job.candidateIndex, splitIndex: job.splitIndex };
  const m = reply.metrics.length;
  const testScores: Record<string, number> = {};
  for (let j = 0; j < m; j++) testScores[reply.metrics[j]!] = reply.test[k * m + j]!;
  const r: FitSuccess = {
    ok: true,
    key: job.key,
    candidateIndex: job.candidateIndex,
    splitIndex: job.splitIndex,
    testScores,
    fitTime: reply.fitTime[k]!,
    scoreTime: reply.scoreTime[k]!,
    nTestSamples: reply.nTest[k]!,
    worker: reply.worker,
  };
  if (reply.train) {
    const trainScores: Record<string, number> = {};
    for (let j = 0; j < m; j++) trainScores[reply.metrics[j]!] = reply.train[k * m + j]!;
    r.trainScores = trainScores;
  }
  r.startedAt = reply.startedAt[k]!;
  r.endedAt = reply.endedAt[k]!;
  return r;
}
