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
  // columns by parameter name (a Map, so each `param_` key is built once, not once per candidate)
  const byName = new Map<string, (ParamValue | undefined)[]>();
  for (let i = 0; i < candidates.length; i++) {
    const c = candidates[i]!;
    for (const name of Object.keys(c)) {
      let col = byName.get(name);
      if (col === undefined) {
        col = new Array<ParamValue | undefined>(candidates.length).fill(undefined);
        byName.set(name, col);
      }
      col[i] = c[name];
    }
  }
  const cols: Record<string, (ParamValue | undefined)[]> = {};
  for (const [name, col] of byName) cols[`param_${name}`] = col;
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

const EMPTY = 0;
const OK = 1;
const FAILED = 2;

/**
 * Every (candidate × split) outcome of a search in typed-array columns — fit and score
 * times, each metric's test (and train) score, a state byte — instead of one FitResult
 * object per fit: 500,000 candidates × 2 splits × 1 metric take ~33 MB here, against
 * ~300 bytes per fit as objects. A failed fit's scores are stored as errorScore, as
 * scikit-learn stores error_score. Grows as candidate batches are added.
 */
export class ResultColumns {
  private capacity = 0;
  private nCandidates = 0;
  private filledCount = 0;
  private state = new Uint8Array(0);
  private fitTime = new Float64Array(0);
  private scoreTime = new Float64Array(0);
  private readonly test: Float64Array[];
  private readonly train: Float64Array[];

  constructor(
    readonly nSplits: number,
    /** Metric keys in order ('score' for a single metric). */
    readonly metrics: readonly string[],
    readonly returnTrainScore: boolean,
    /** Score recorded for a failed fit (or a metric a result lacks). */
    readonly errorScore: number,
  ) {
    this.test = metrics.map(() => new Float64Array(0));
    this.train = returnTrainScore ? metrics.map(() => new Float64Array(0)) : [];
  }

  /** Number of candidates with slots. */
  get candidates(): number {
    return this.nCandidates;
  }

  /** Number of filled slots. */
  get filled(): number {
    return this.filledCount;
  }

  /** Adds `n` candidates' empty slots. */
  addCandidates(n: number): void {
    const need = (this.nCandidates + n) * this.nSplits;
    if (need > this.capacity) {
      const cap = Math.max(need, Math.ceil(this.capacity * 1.5), 1024);
      const grow = <T extends Float64Array | Uint8Array>(a: T, make: (n: number) => T): T => {
        const b = make(cap);
        b.set(a);
        return b;
      };
      this.state = grow(this.state, (k) => new Uint8Array(k));
      this.fitTime = grow(this.fitTime, (k) => new Float64Array(k));
      this.scoreTime = grow(this.scoreTime, (k) => new Float64Array(k));
      for (const cols of [this.test, this.train]) for (let m = 0; m < cols.length; m++) cols[m] = grow(cols[m]!, (k) => new Float64Array(k));
      this.capacity = cap;
    }
    this.nCandidates += n;
  }

  /** True when slot (candidate, split) holds a result. */
  has(candidate: number, split: number): boolean {
    return this.state[candidate * this.nSplits + split] !== EMPTY;
  }

  /** True when slot (candidate, split) holds a failure. */
  failed(candidate: number, split: number): boolean {
    return this.state[candidate * this.nSplits + split] === FAILED;
  }

  /** Stores `r` in slot (candidate, split); a filled slot is left as it is (returns false). */
  set(candidate: number, split: number, r: FitResult): boolean {
    const i = candidate * this.nSplits + split;
    if (this.state[i] !== EMPTY) return false;
    this.state[i] = r.ok ? OK : FAILED;
    this.fitTime[i] = r.fitTime;
    this.scoreTime[i] = r.scoreTime;
    for (let m = 0; m < this.metrics.length; m++) {
      const metric = this.metrics[m]!;
      this.test[m]![i] = scoreOf(r, metric, 'test', this.errorScore);
      if (this.returnTrainScore) this.train[m]![i] = scoreOf(r, metric, 'train', this.errorScore);
    }
    this.filledCount++;
    return true;
  }

  /**
   * The mean test score on metric `m` over the splits of `candidate` that hold a result so far
   * (a failure counts as its recorded score); NaN when none does.
   */
  partialMeanTest(candidate: number, m: number): number {
    let sum = 0;
    let n = 0;
    for (let s = 0; s < this.nSplits; s++) {
      const i = candidate * this.nSplits + s;
      if (this.state[i] === EMPTY) continue;
      sum += this.test[m]![i]!;
      n++;
    }
    return n === 0 ? NaN : sum / n;
  }

  /** The test score of slot (candidate, split) on metric `m` (index into `metrics`). */
  testScore(candidate: number, split: number, m: number): number {
    return this.test[m]![candidate * this.nSplits + split]!;
  }

  /**
   * cvResults (see assembleCvResults: same keys, order and arithmetic) for `candidates`,
   * whose slots must all be filled.
   */
  assemble(candidates: readonly Params[]): CvResults {
    const n = candidates.length;
    const k = this.nSplits;
    const out: Record<string, unknown> = {};
    const split = (col: Float64Array, s: number): number[] => Array.from({ length: n }, (_, c) => col[c * k + s]!);
    const means = (col: Float64Array): number[] => {
      const m = new Array<number>(n);
      for (let c = 0; c < n; c++) {
        let sum = 0;
        for (let s = 0; s < k; s++) sum += col[c * k + s]!;
        m[c] = sum / k;
      }
      return m;
    };
    const stds = (col: Float64Array, mean: readonly number[]): number[] => {
      const d = new Array<number>(n);
      for (let c = 0; c < n; c++) {
        let sum = 0;
        for (let s = 0; s < k; s++) sum += (col[c * k + s]! - mean[c]!) ** 2;
        d[c] = Math.sqrt(sum / k);
      }
      return d;
    };
    const fitMean = means(this.fitTime);
    const scoreMean = means(this.scoreTime);
    out.mean_fit_time = fitMean;
    out.std_fit_time = stds(this.fitTime, fitMean);
    out.mean_score_time = scoreMean;
    out.std_score_time = stds(this.scoreTime, scoreMean);
    Object.assign(out, paramColumns(candidates));
    out.params = candidates.map((c) => ({ ...c }));
    this.metrics.forEach((metric, m) => {
      const store = (col: Float64Array, which: 'test' | 'train'): void => {
        for (let s = 0; s < k; s++) out[`split${s}_${which}_${metric}`] = split(col, s);
        const mean = means(col);
        out[`mean_${which}_${metric}`] = mean;
        out[`std_${which}_${metric}`] = stds(col, mean);
        if (which === 'test') out[`rank_test_${metric}`] = rankScores(mean);
      };
      store(this.test[m]!, 'test');
      if (this.returnTrainScore) store(this.train[m]!, 'train');
    });
    return out as unknown as CvResults;
  }
}
