/**
 * Assembles scikit-learn's `cv_results_` from per-(candidate × split) results:
 * same keys, same key order, unweighted means, population standard deviations,
 * and the 'min' rank rule (ties share the lowest rank, NaN ranks last).
 * Hand-written: no JS library produces scikit-learn's cv_results_ layout.
 */
import type { ParamValue, Params } from '../estimators/estimator.js';
import type { FitResult } from '../jobs/types.js';
import type { CvResults, CvTable } from './types.js';

/** Mean of each row (NaN if any value is NaN), as numpy's `average` without weights. */
export function rowMeans(rows: readonly (readonly number[])[]): number[] {
  return rows.map((r) => r.reduce((a, b) => a + b, 0) / r.length);
}

/** Population standard deviation of each row (ddof = 0), as scikit-learn's `_store`. */
export function rowStds(rows: readonly (readonly number[])[]): number[] {
  const means = rowMeans(rows);
  return rows.map((r, i) => Math.sqrt(r.reduce((a, x) => a + (x - means[i]!) ** 2, 0) / r.length));
}

/**
 * Ranks scores, best (greatest) first, with scipy's `rankdata(method='min')`: equal
 * scores share the lowest rank (1, 1, 3). NaN scores tie with each other after the
 * worst finite score; if every score is NaN all rank 1 (scikit-learn 1.2's rule).
 */
export function rankScores(scores: readonly number[]): number[] {
  if (scores.every((s) => Number.isNaN(s))) return scores.map(() => 1);
  let min = Infinity;
  for (const s of scores) if (!Number.isNaN(s) && s < min) min = s;
  const filled = scores.map((s) => (Number.isNaN(s) ? min - 1 : s));
  const order = filled.map((_, i) => i).sort((a, b) => filled[b]! - filled[a]! || a - b);
  const ranks = new Array<number>(scores.length);
  for (let k = 0; k < order.length; k++) {
    const i = order[k]!;
    const prev = k > 0 ? order[k - 1]! : -1;
    ranks[i] = prev >= 0 && filled[prev] === filled[i] ? ranks[prev]! : k + 1;
  }
  return ranks;
}

/** The `param_<name>` columns: one per parameter name in order of first appearance; undefined where masked. */
export function paramColumns(candidates: readonly Params[]): Record<string, (ParamValue | undefined)[]> {
  const cols: Record<string, (ParamValue | undefined)[]> = {};
  candidates.forEach((c, i) => {
    for (const [name, value] of Object.entries(c)) {
      const key = `param_${name}`;
      cols[key] ??= new Array<ParamValue | undefined>(candidates.length).fill(undefined);
      cols[key][i] = value;
    }
  });
  return cols;
}

/** Inputs of `assembleCvResults`. */
export interface AssembleInput {
  candidates: readonly Params[];
  nSplits: number;
  /** Metric keys in order ('score' for a single metric). */
  metrics: readonly string[];
  returnTrainScore: boolean;
  /** `results[candidate][split]`: every slot filled. */
  results: readonly (readonly FitResult[])[];
  /** Score recorded for a failed fit. */
  errorScore: number;
}

function scoreOf(r: FitResult, metric: string, which: 'test' | 'train', errorScore: number): number {
  if (!r.ok) return errorScore;
  const scores = which === 'test' ? r.testScores : r.trainScores;
  const v = scores?.[metric];
  return typeof v === 'number' ? v : errorScore;
}

/**
 * Builds `cvResults` with scikit-learn's keys in scikit-learn's order: times, `param_*`,
 * `params`, then per metric `split<i>_test_<m>`, `mean_test_<m>`, `std_test_<m>`,
 * `rank_test_<m>` and, with `returnTrainScore`, `split<i>_train_<m>`, `mean_train_<m>`,
 * `std_train_<m>`.
 */
export function assembleCvResults(input: AssembleInput): CvResults {
  const { candidates, nSplits, metrics, results, errorScore } = input;
  const out: Record<string, unknown> = {};
  const fitTimes = results.map((row) => row.map((r) => r.fitTime));
  const scoreTimes = results.map((row) => row.map((r) => r.scoreTime));
  out.mean_fit_time = rowMeans(fitTimes);
  out.std_fit_time = rowStds(fitTimes);
  out.mean_score_time = rowMeans(scoreTimes);
  out.std_score_time = rowStds(scoreTimes);
  Object.assign(out, paramColumns(candidates));
  out.params = candidates.map((c) => ({ ...c }));
  const store = (metric: string, which: 'test' | 'train'): void => {
    const rows = results.map((row) => row.map((r) => scoreOf(r, metric, which, errorScore)));
    for (let s = 0; s < nSplits; s++) out[`split${s}_${which}_${metric}`] = rows.map((r) => r[s]!);
    const means = rowMeans(rows);
    out[`mean_${which}_${metric}`] = means;
    out[`std_${which}_${metric}`] = rowStds(rows);
    if (which === 'test') out[`rank_test_${metric}`] = rankScores(means);
  };
  for (const metric of metrics) {
    store(metric, 'test');
    if (input.returnTrainScore) store(metric, 'train');
  }
  return out as unknown as CvResults;
}

/** A numeric column of cvResults (throws if `key` is absent or not numeric). */
export function numericColumn(cv: CvResults, key: string): number[] {
  const col = (cv as CvTable)[key] as readonly unknown[] | undefined;
  if (!col || !col.every((v) => typeof v === 'number')) throw new Error(`cvResults has no numeric column '${key}'`);
  return col as number[];
}
