import type { DerivedPayload } from '../../data/dataset.js';
import type { Labels } from '../../data/matrix.js';
import type { FitPart, Params } from '../../estimators/estimator.js';
import type { FitJob, FitResult } from '../../jobs/types.js';
import type { SharedDataSet } from './shared-data.js';
import type { SharedSpecTable } from './spec-table.js';

/** What the jobs of a candidate share: estimator, params, scoring (one entry of a run's spec table). */
export interface WireSpec {
  name: string;
  params: Params;
  scoring: Record<string, string>;
  returnTrainScore: boolean;
  /** The jobs' fitTimeout (seconds), checked by fitAndScore between phases. */
  fitTimeout?: number;
  /** The jobs' part of a fit split over threads (FitJob.part). */
  part?: FitPart;
  /** The jobs return their fitted estimator (FitJob.returnModel). */
  returnModel?: boolean;
}

/** Int32 fields per job in `BatchTask.jobs`: run index, spec, train fold id, test fold id, candidate, split. */
export const JOB_STRIDE = 6;

/** Shared resources a thread lacks, sent once per thread (SharedArrayBuffers: no copy). */
export interface Attachments {
  data?: SharedDataSet;
  folds?: Record<number, Int32Array>;
  /**
   * The run's status array (0 queued, 1 running, 2 done), one Int32 per job, each job's
   * start time (`Date.now()` ms, written by the thread; the fitTimeout watchdog reads it),
   * and its spec table.
   */
  run?: { status: Int32Array; started: Float64Array; specs: SharedSpecTable };
}

/** A batch of jobs for one thread, run one after another. */
export interface BatchTask {
  kind: 'batch';
  run: number;
  dataKey: string;
  dataId: string;
  /** JOB_STRIDE int32 per job (see JOB_STRIDE); the job key stays in the main thread. */
  jobs: Int32Array;
  /** Each job's seed (uint32 values). */
  seeds: Float64Array;
  attach?: Attachments;
}

/** Asks a thread which estimator and scorer names it can resolve. */
export interface ProbeTask {
  kind: 'probe';
  estimators: string[];
  scorers: string[];
}

/** Runs an estimator's `prepareData` on a data set's X and y (shared memory) and returns what it derived. */
export interface PrepareTask {
  kind: 'prepare';
  estimator: FitJob['estimator'];
  X: Float64Array;
  rows: number;
  cols: number;
  y: Labels;
}

/** Any task a pool thread accepts. */
export type PoolTask = BatchTask | ProbeTask | PrepareTask;

/** The thread lacks these shared resources: resend the batch with them attached. */
export interface MissingReply {
  kind: 'missing';
  data: boolean;
  folds: number[];
  run: boolean;
}

/**
 * A finished batch, in columns (typed arrays: one memcpy each way, no object
 * graph to clone): a successful result whose scores match `metrics` is stored
 * in the columns; any other result (failures, other metric sets) travels whole
 * in `others`, keyed by its position in the batch.
 */
export interface DoneReply {
  kind: 'done';
  worker: string;
  /** Each job's wall time in the thread (s), fitAndScore included. */
  seconds: Float64Array;
  fitTime: Float64Array;
  scoreTime: Float64Array;
  /** Each fit's wall-clock start and end (epoch ms, FitResult.startedAt / endedAt). */
  startedAt: Float64Array;
  endedAt: Float64Array;
  nTest: Int32Array;
  metrics: string[];
  /** jobs × metrics test scores, row-major. */
  test: Float64Array;
  /** jobs × metrics train scores, or null when no job returned train scores. */
  train: Float64Array | null;
  others: Record<number, FitResult>;
}

/** What a probe found. */
export interface ProbeReply {
  kind: 'probe';
  unknownEstimators: string[];
  unknownScorers: string[];
  estimators: string[];
  modules: string[];
}

/** The payloads `prepareData` put in the data set's `derived` (arrays in shared memory stay shared). */
export interface PreparedReply {
  kind: 'prepared';
  derived: { name: string; payload: DerivedPayload }[];
}

/** Any reply from a pool thread. */
export type PoolReply = MissingReply | DoneReply | ProbeReply | PreparedReply;

/** What every thread receives as `workerData`. */
export interface PoolWorkerData {
  /** Module URLs imported before the first task (custom estimators, scorers). */
  modules: string[];
  /** URL of tsx's ESM API, set only when the pool runs from .ts sources (see worker.ts). */
  tsLoader?: string;
  /** Built-in estimators a thread loads as it starts, before any task (`PiscinaExecutor.warmUp`; scorers are all registered at load). */
  preload?: string[];
  /**
   * The threads' Node options preload code (`--import`, `--require` …), whose module hooks see import() only: the
   * thread then loads its own modules with import() (worker.ts). Decided here, so that the thread entry imports
   * no module of its own before the core it loads.
   */
  preloadsCode?: boolean;
}
