import type { DataSet } from '../data/dataset.js';
import { takeLabels, takeRows, type Labels, type Matrix } from '../data/matrix.js';
import { scratchFloat64, scratchInt32 } from '../data/scratch.js';
import type { Estimator, Params } from '../estimators/estimator.js';
import { startCollecting, stopCollecting, type FitWarning } from '../estimators/fit-warnings.js';
import { createEstimator } from '../estimators/registry.js';
import { ValidationError } from '../errors.js';
import { getScorer } from '../metrics/scorers.js';
import { fitTimeoutFailure } from './fit-timeout.js';
import type { FitFailure, FitJob, FitResult, FitSuccess } from './types.js';

/**
 * Applies the job's derived seed where the estimator has a `randomState` left
 * unset (null), so a job's randomness depends on the search seed and the job
 * key only — never on which worker ran it or when.
 */
export function paramsWithSeed(params: Params, seed: number): Params {
  if (!needsSeed(params)) return params;
  let out = params;
  for (const [k, v] of Object.entries(params)) {
    // top-level `randomState`, and Pipeline steps' `step__randomState`
    if ((k === 'randomState' || k.endsWith('__randomState')) && (v === null || v === undefined)) {
      if (out === params) out = { ...params };
      out[k] = seed;
    }
  }
  return out;
}

/** True when `params` leaves a `randomState` unset (null), which `paramsWithSeed` fills: then the job's seed is read. */
export function needsSeed(params: Params): boolean {
  for (const k in params) {
    if (!Object.hasOwn(params, k)) continue;
    const v = params[k];
    if ((v === null || v === undefined) && (k === 'randomState' || k.endsWith('__randomState'))) return true;
  }
  return false;
}

function now(): number {
  return performance.now();
}

/** This thread's `performance.timeOrigin` (a getter that calls into the runtime: read once, not twice per fit). */
const timeOrigin = performance.timeOrigin;

/** The scored rows' labels, in this thread's reused scoring memory. */
function scoredLabels(y: Labels, rows: Int32Array): Labels {
  if (y instanceof Int32Array) return takeLabels(y, rows, scratchInt32('score.y', rows.length));
  return takeLabels(y, rows, scratchFloat64('score.y', rows.length));
}

/** Scored rows of a fold small enough to keep: X values per fold, and in all (8 bytes each: 512 KB, 4 MB); folds kept at most. */
const KEPT_FOLD_VALUES = 1 << 16;
const KEPT_TOTAL_VALUES = 1 << 19;
const KEPT_FOLDS = 256;

/** A fold's scored rows, copied out of one data set's X and y (held weakly: a kept fold does not keep its data set alive). */
interface KeptRows {
  from: WeakRef<Matrix>;
  labels: WeakRef<Labels>;
  X: Matrix;
  y: Labels;
}

/**
 * Small folds' scored rows, copied once and kept in this thread (oldest dropped first past
 * KEPT_TOTAL_VALUES): every candidate of a search scores the same folds, so a 40-row search
 * copies each fold once instead of once per fit. Large folds use the reused scratch memory.
 */
const keptRows = new Map<Int32Array, KeptRows>();
let keptValues = 0;

/** Rows `rows` of the data set, for scorers (which only read them). */
function scoredRows(data: DataSet, rows: Int32Array): { X: Matrix; y: Labels } {
  const values = rows.length * data.X.cols;
  if (values > KEPT_FOLD_VALUES) {
    return { X: takeRows(data.X, rows, scratchFloat64('score.X', values)), y: scoredLabels(data.y, rows) };
  }
  const kept = keptRows.get(rows);
  if (kept !== undefined && kept.from.deref() === data.X && kept.labels.deref() === data.y) return kept;
  if (kept !== undefined) {
    keptRows.delete(rows);
    keptValues -= kept.X.data.length;
  }
  const entry: KeptRows = { from: new WeakRef(data.X), labels: new WeakRef(data.y), X: takeRows(data.X, rows), y: takeLabels(data.y, rows) };
  keptRows.set(rows, entry);
  keptValues += values;
  for (const [k, v] of keptRows) {
    if ((keptValues <= KEPT_TOTAL_VALUES && keptRows.size <= KEPT_FOLDS) || k === rows) break;
    keptRows.delete(k);
    keptValues -= v.X.data.length;
  }
  return entry;
}

function scoreAll(job: FitJob, est: Estimator, data: DataSet, rows: Int32Array): Record<string, number> {
  // Scored rows are kept (small folds) or live in reused memory: scorers only read them while scoring.
  const { X, y } = scoredRows(data, rows);
  const out: Record<string, number> = {};
  // for-in over the plain scoring record (no entry arrays per fit)
  for (const metric in job.scoring) out[metric] = getScorer(job.scoring[metric]!).fn(est, X, y);
  return out;
}

/** Fits `est` on rows `train` (in place when it can), collecting the warnings it reports into `warnings`. */
function fitOn(est: Estimator, data: DataSet, train: Int32Array, warnings: FitWarning[], part: FitJob['part']): void {
  if (part && !(est.fitIndexed && est.fitParts)) throw new ValidationError(`${est.name} cannot fit in parts (it has no fitParts); send its job without 'part'`);
  const outer = startCollecting(warnings);
  try {
    if (part) est.fitIndexed!(data, train, part);
    else if (est.fitIndexed) est.fitIndexed(data, train);
    else est.fit(takeRows(data.X, train), takeLabels(data.y, train));
  } finally {
    stopCollecting(outer);
  }
}

/**
 * The one function that runs a fit, on every executor: builds a fresh estimator
 * from the registry, fits it on the job's train rows, scores the test rows (and
 * the train rows with `returnTrainScore`), timing fit and score separately.
 * Never throws: a failing fit, predict or score becomes a FitFailure record.
 */
export function fitAndScore(job: FitJob, data: DataSet, worker?: string): FitResult {
  let fitTime = 0;
  let scoreTime = 0;
  let phase: 'fit' | 'score' = 'fit';
  const t0 = now();
  // wall-clock start and end (epoch ms) for task streams, on this thread's monotonic timer: two fits
  // of one thread never overlap, and endedAt - startedAt covers fitTime + scoreTime
  const startedAt = timeOrigin + t0;
  let est: Estimator | undefined;
  const warnings: FitWarning[] = [];
  try {
    if (job.dataId !== data.id) {
      throw new Error(`job ${job.key} refers to data set ${job.dataId} but was given ${data.id}`);
    }
    est = createEstimator(job.estimator.name, paramsWithSeed(job.estimator.params, job.seed)) as Estimator;
    fitOn(est, data, job.train, warnings, job.part);
    const t1 = now();
    fitTime = (t1 - t0) / 1000;
    // a synchronous fit cannot be interrupted here: past fitTimeout, its scores are not computed
    if (job.fitTimeout !== undefined && fitTime > job.fitTimeout) {
      return { ...fitTimeoutFailure(job, fitTime, 'the fit finished late; it was not scored', worker), startedAt, endedAt: timeOrigin + now() };
    }
    phase = 'score';
    const testScores = scoreAll(job, est, data, job.test);
    let t2 = now();
    scoreTime = (t2 - t1) / 1000;
    const result: FitSuccess = {
      ok: true,
      key: job.key,
      candidateIndex: job.candidateIndex,
      splitIndex: job.splitIndex,
      testScores,
      fitTime,
      scoreTime,
      nTestSamples: job.test.length,
      worker,
    };
    // scikit-learn's score_time covers the test scores only
    if (job.returnTrainScore) {
      result.trainScores = scoreAll(job, est, data, job.train);
      t2 = now();
    }
    // a refit's part returns its fitted trees (joined by the search)
    if (job.returnModel) result.model = est.toJSON();
    if (warnings.length) result.warnings = warnings;
    const total = (t2 - t0) / 1000;
    if (job.fitTimeout !== undefined && total > job.fitTimeout) {
      return { ...fitTimeoutFailure(job, total, 'fit and scoring finished late; the scores were discarded', worker), startedAt, endedAt: timeOrigin + t2 };
    }
    result.startedAt = startedAt;
    result.endedAt = timeOrigin + t2;
    return result;
  } catch (err) {
    const e = err instanceof Error ? err : new Error(String(err));
    if (phase === 'fit') fitTime = (now() - t0) / 1000;
    else scoreTime = (now() - t0) / 1000 - fitTime;
    const failure: FitFailure = {
      ok: false,
      key: job.key,
      candidateIndex: job.candidateIndex,
      splitIndex: job.splitIndex,
      errorClass: e.name || e.constructor.name,
      message: `${phase} failed: ${e.message}`,
      stack: e.stack,
      cause: 'model',
      fitTime,
      scoreTime,
      worker,
      startedAt,
      endedAt: timeOrigin + now(),
    };
    if (warnings.length) failure.warnings = warnings;
    return failure;
  } finally {
    // free native (WebAssembly) model memory at once instead of waiting for GC
    est?.dispose?.();
  }
}
