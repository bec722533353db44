import type { Params } from '../../estimators/estimator.js';
import type { FitResult } from '../../jobs/types.js';
import type { SharedDataSet } from './shared-data.js';

/**
 * One job as it crosses to a thread: the FitJob minus its data — fold indices
 * are replaced by ids of folds the thread caches, the data set by its key.
 */
export interface WireJob {
  /** Index of the job in its run (slot in the run's status array). */
  i: number;
  key: string;
  candidateIndex: number;
  splitIndex: number;
  name: string;
  params: Params;
  train: number;
  test: number;
  scoring: Record<string, string>;
  returnTrainScore: boolean;
  seed: number;
}

/** Shared resources a thread lacks, sent once per thread (SharedArrayBuffers: no copy). */
export interface Attachments {
  data?: SharedDataSet;
  folds?: Record<number, Int32Array>;
  /** The run's status array (0 queued, 1 running, 2 done), one Int32 per job. */
  status?: Int32Array;
}

/** A batch of jobs for one thread, run one after another. */
export interface BatchTask {
  kind: 'batch';
  run: number;
  dataKey: string;
  dataId: string;
  jobs: WireJob[];
  attach?: Attachments;
}

/** Asks a thread which estimator and scorer names it can resolve. */
export interface ProbeTask {
  kind: 'probe';
  estimators: string[];
  scorers: string[];
}

/** Any task a pool thread accepts. */
export type PoolTask = BatchTask | ProbeTask;

/** The thread lacks these shared resources: resend the batch with them attached. */
export interface MissingReply {
  kind: 'missing';
  data: boolean;
  folds: number[];
  status: boolean;
}

/** A finished batch: one result per job, in order, and each job's wall time in the thread (s). */
export interface DoneReply {
  kind: 'done';
  results: FitResult[];
  seconds: number[];
}

/** What a probe found. */
export interface ProbeReply {
  kind: 'probe';
  unknownEstimators: string[];
  unknownScorers: string[];
  estimators: string[];
  modules: string[];
  /** URL of tsx's ESM API, set only when the pool runs from .ts sources (see worker.ts). */
  tsLoader?: string;
}

/** Any reply from a pool thread. */
export type PoolReply = MissingReply | DoneReply | ProbeReply;

/** What every thread receives as `workerData`. */
export interface PoolWorkerData {
  /** Module URLs imported before the first task (custom estimators, scorers). */
  modules: string[];
  /** URL of tsx's ESM API, set only when the pool runs from .ts sources (see worker.ts). */
  tsLoader?: string;
}
