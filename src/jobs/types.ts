import type { FitPart, Params, SerializedEstimator } from '../estimators/estimator.js';
import type { FitWarning } from '../estimators/fit-warnings.js';

/**
 * One (candidate × split) unit of work, as plain data: it names the estimator
 * and the data set instead of carrying them, so it can cross a thread or a host.
 */
export interface FitJob {
  /** Stable hash of (data fingerprint, estimator name, params, split): same job, same key. */
  key: string;
  candidateIndex: number;
  splitIndex: number;
  estimator: { name: string; params: Params };
  /** The DataSet id (content fingerprint) the train/test indices refer to. */
  dataId: string;
  train: Int32Array;
  test: Int32Array;
  /** Metric name → scorer name in the scorer registry (custom scorers are registered under a name). */
  scoring: Record<string, string>;
  returnTrainScore: boolean;
  /** Seed derived from the search seed and the job key, never from execution order. */
  seed: number;
  /**
   * Seconds this job (fit and score) may run (the search's `fitTimeout`); not part of
   * the key. Past it the job is a FitFailure with errorClass 'FitTimeoutError'.
   */
  fitTimeout?: number;
  /**
   * Fit only this part of the fit (`Estimator.fitParts`; the estimator must have it), e.g. one
   * range of a forest's trees: a search's refit split over a pool's threads. Absent: the whole fit.
   */
  part?: FitPart;
  /** Return the fitted estimator as `FitSuccess.model` (a refit's parts); default false. */
  returnModel?: boolean;
}

/** What `fitAndScore` returns for a job that fitted and scored. */
export interface FitSuccess {
  ok: true;
  key: string;
  candidateIndex: number;
  splitIndex: number;
  testScores: Record<string, number>;
  trainScores?: Record<string, number>;
  /** Seconds, as in scikit-learn's cv_results_. */
  fitTime: number;
  scoreTime: number;
  nTestSamples: number;
  /** Where it ran (executor-specific, e.g. 'inline', 'thread 3', 'host:pid'). */
  worker?: string;
  /** Wall-clock start of the fit (epoch ms, from the monotonic clock of the thread it ran in), for task streams; a time column like fitTime. */
  startedAt?: number;
  /** Wall-clock end of fit and scoring (epoch ms, same clock as startedAt). */
  endedAt?: number;
  /** Warnings the fit raised (e.g. ConvergenceWarning); the search shows each once. */
  warnings?: FitWarning[];
  /** The fitted estimator (`toJSON()`), when the job asked for it (`returnModel`). */
  model?: SerializedEstimator;
}

/** What `fitAndScore` returns when fit, predict or score threw: never thrown itself. */
export interface FitFailure {
  ok: false;
  key: string;
  candidateIndex: number;
  splitIndex: number;
  errorClass: string;
  message: string;
  stack?: string;
  /** 'model': the fit/score threw (not retried); 'infrastructure': the worker died (after retries). */
  cause: 'model' | 'infrastructure';
  fitTime: number;
  scoreTime: number;
  worker?: string;
  /** Wall-clock start and end (epoch ms) when the fit ran (absent when the machinery lost it before it started). */
  startedAt?: number;
  endedAt?: number;
  attempts?: number;
  /** Warnings the fit raised before it failed. */
  warnings?: FitWarning[];
}

/** The outcome of one job. */
export type FitResult = FitSuccess | FitFailure;
