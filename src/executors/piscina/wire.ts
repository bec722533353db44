import { serialize } from 'node:v8';
import type { FitJob } from '../../jobs/types.js';
import type { BatchTask, WireJob } from './messages.js';
import type { FoldTable } from './shared-data.js';

/** The message form of job `i` of a run: fold indices become fold ids (see FoldTable). */
export function toWireJob(job: FitJob, i: number, folds: FoldTable): WireJob {
  return {
    i,
    key: job.key,
    candidateIndex: job.candidateIndex,
    splitIndex: job.splitIndex,
    name: job.estimator.name,
    params: job.estimator.params,
    train: folds.intern(job.train),
    test: folds.intern(job.test),
    scoring: job.scoring,
    returnTrainScore: job.returnTrainScore,
    seed: job.seed,
  };
}

/**
 * Bytes of the structured-clone encoding (what postMessage copies) of a
 * batch message carrying this one job, once the thread holds the data set
 * and folds — the steady-state cost of sending a job to a pool thread.
 */
export function jobMessageBytes(job: FitJob, folds: FoldTable, dataKey = job.dataId): number {
  const task: BatchTask = { kind: 'batch', run: 0, dataKey, dataId: job.dataId, jobs: [toWireJob(job, 0, folds)] };
  return serialize(task).byteLength;
}
