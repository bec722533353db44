import type { DataSet } from '../data/dataset.js';
import { takeLabels, takeRows, type Labels } from '../data/matrix.js';
import { scratchFloat64, scratchInt32 } from '../data/scratch.js';
import type { Estimator, Params } from '../estimators/estimator.js';
import { collectFitWarnings, type FitWarning } from '../estimators/fit-warnings.js';
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

function now(): number {
  return performance.now();
}

/** The scored rows' labels, in this thread's reused scoring memory. */
function scoredLabels(y: Labels, rows: Int32Array): Labels {
  if (y instanceof Int32Array) return takeLabels(y, rows, scratchInt32('score.y', rows.length));
  return takeLabels(y, rows, scratchFloat64('score.y', rows.length));
}

function scoreAll(job: FitJob, est: Estimator, data: DataSet, rows: Int32Array): Record<string, number> {
  // Scored rows live in reused memory: scorers only read them while scoring.
  const X = takeRows(data.X, rows, scratchFloat64('score.X', rows.length * data.X.cols));
  const y = scoredLabels(data.y, rows);
  const out: Record<string, number> = {};
  for (const [metric, scorerName] of Object.entries(job.scoring)) {
    out[metric] = getScorer(scorerName).fn(est, X, y);
  }
  return out;
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
  const times = (): { startedAt: number; endedAt: number } => ({ startedAt: performance.timeOrigin + t0, endedAt: performance.timeOrigin + now() });
  let est: Estimator | undefined;
  const warnings: FitWarning[] = [];
  try {
    if (job.dataId !== data.id) {
      throw new Error(`job ${job.key} refers to data set ${job.dataId} but was given ${data.id}`);
    }
    est = createEstimator(job.estimator.name, paramsWithSeed(job.estimator.params, job.seed)) as Estimator;
    const fitted = est;
    const part = job.part;
    if (part && !(fitted.fitIndexed && fitted.fitParts))
      throw new ValidationError(`${fitted.name} cannot fit in parts (it has no fitParts); send its job without 'part'`);
    collectFitWarnings(warnings, () => {
      if (part) fitted.fitIndexed!(data, job.train, part);
      else if (fitted.fitIndexed) fitted.fitIndexed(data, job.train);
      else fitted.fit(takeRows(data.X, job.train), takeLabels(data.y, job.train));
    });
    fitTime = (now() - t0) / 1000;
    // a synchronous fit cannot be interrupted here: past fitTimeout, its scores are not computed
    if (job.fitTimeout !== undefined && fitTime > job.fitTimeout) {
      return { ...fitTimeoutFailure(job, fitTime, 'the fit finished late; it was not scored', worker), ...times() };
    }
    phase = 'score';
    const t1 = now();
    const testScores = scoreAll(job, est, data, job.test);
    scoreTime = (now() - t1) / 1000;
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
    if (job.returnTrainScore) result.trainScores = scoreAll(job, est, data, job.train);
    if (job.returnModel) result.model = est.toJSON();
    if (warnings.length) result.warnings = warnings;
    const total = (now() - t0) / 1000;
    if (job.fitTimeout !== undefined && total > job.fitTimeout) {
      return { ...fitTimeoutFailure(job, total, 'fit and scoring finished late; the scores were discarded', worker), ...times() };
    }
    return Object.assign(result, times());
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
      ...times(),
    };
    if (warnings.length) failure.warnings = warnings;
    return failure;
  } finally {
    // free native (WebAssembly) model memory at once instead of waiting for GC
    est?.dispose?.();
  }
}
