/**
 * A search's refit split over an executor's threads: the best candidate's fit cut into parts
 * (`Estimator.fitParts`, a forest's tree ranges), one job per part, joined by the search
 * (`joinParts`) into the same model as one whole fit — scikit-learn's forest refit on `n_jobs`.
 */
import type { DataSet } from '../data/dataset.js';
import type { Estimator, SerializedEstimator } from '../estimators/estimator.js';
import { ExecutorError, FitError, SearchAbortedError } from '../errors.js';
import type { Executor } from '../executors/executor.js';
import { jobKey } from '../jobs/job-key.js';
import type { FitJob } from '../jobs/types.js';

/**
 * Fits `est` (its parameters as they are) on rows `all` in `count` parts on `executor`, one job
 * per part, and returns the fitted parts in part order (for `joinParts`). A failed part fails
 * the refit with its error, as a failing refit in this thread would.
 */
export async function refitParts(
  est: Estimator,
  data: DataSet,
  all: Int32Array,
  count: number,
  executor: Executor,
  signal: AbortSignal | undefined,
): Promise<SerializedEstimator[]> {
  const models = await runParts(
    est,
    data,
    all,
    count,
    Array.from({ length: count }, (_, i) => i),
    executor,
    signal,
  );
  return Array.from({ length: count }, (_, i) => models.get(i)!);
}

/**
 * Fits parts `indices` of `count` of `est` on rows `all` on `executor` (one job each, all dispatched
 * together) and returns each part's model by index; rejects as `refitParts` describes.
 */
export async function runParts(
  est: Estimator,
  data: DataSet,
  all: Int32Array,
  count: number,
  indices: readonly number[],
  executor: Executor,
  signal: AbortSignal | undefined,
): Promise<Map<number, SerializedEstimator>> {
  const params = est.getParams();
  const scoring = {};
  const test = new Int32Array(0);
  const base = jobKey({ dataId: data.id, estimatorName: est.name, params, train: all, test, scoring, returnTrainScore: false });
  const jobs: FitJob[] = indices.map((index) => ({
    key: `${base}:refit-part-${index}-of-${count}`,
    candidateIndex: 0,
    splitIndex: index,
    estimator: { name: est.name, params },
    dataId: data.id,
    train: all,
    test,
    scoring,
    returnTrainScore: false,
    seed: 0,
    part: { index, count },
    returnModel: true,
  }));
  const models = new Map<number, SerializedEstimator>();
  try {
    for await (const r of executor.run(data, jobs, { signal })) {
      if (!r.ok) {
        throw new FitError(
          `refit of the best candidate on all rows failed (part ${r.splitIndex + 1} of ${count}): ${r.errorClass}: ${r.message}`,
          undefined,
          undefined,
          {
            cause: r,
          },
        );
      }
      if (r.model) models.set(r.splitIndex, r.model);
    }
  } catch (err) {
    // an executor may end an aborted run with its own AbortError: reported below as the search's abort
    if (!signal?.aborted) throw err;
  }
  const missing = indices.find((i) => !models.has(i));
  if (missing !== undefined) {
    if (signal?.aborted) throw new SearchAbortedError('search aborted during the refit of the best candidate; call fit again to refit', 0, 0);
    throw new ExecutorError(`executor ${executor.kind} ended the refit without part ${missing + 1} of ${count}`);
  }
  return models;
}
