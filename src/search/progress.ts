/** Counts finished fits and tracks the best candidate so far, for progress reports. */
import type { Params } from '../estimators/estimator.js';
import type { FitResult } from '../jobs/types.js';
import type { BestSoFar, ProgressInfo } from './types.js';

/**
 * Progress of one search: slots filled (resumed or run), failures, the ETA from the
 * fits run in this call, and the best completed candidate on `metric`.
 */
export class ProgressTracker {
  private done = 0;
  private failed = 0;
  private ranThisCall = 0;
  private readonly startMs = performance.now();
  private total = 0;
  private best: BestSoFar | undefined;
  private round: { iteration: number; nIterations: number } | undefined;
  /** Per candidate: test-score sum and splits recorded so far (grown on demand; typed arrays: no object per fit). */
  private sums = new Float64Array(0);
  private counts = new Int32Array(0);

  constructor(
    /** Metric whose mean test score ranks candidates (e.g. 'score'). */
    private readonly metric: string,
    private readonly errorScore: number,
  ) {}

  /** Adds slots to the total (one per candidate × split of a new batch). */
  addTotal(n: number): void {
    this.total += n;
  }

  /** Records one filled (candidate, split) slot; `ran` is false for journal results. */
  record(result: FitResult, candidateIndex: number, params: Params, nSplits: number): void {
    this.done++;
    if (!result.ok) this.failed++;
    const score = result.ok ? (result.testScores[this.metric] ?? NaN) : this.errorScore;
    if (candidateIndex >= this.counts.length) this.grow(candidateIndex + 1);
    const n = ++this.counts[candidateIndex]!;
    const sum = (this.sums[candidateIndex]! += score);
    if (n === nSplits) {
      const mean = sum / nSplits;
      if (!Number.isNaN(mean) && (this.best === undefined || mean > this.best.score)) {
        this.best = { candidateIndex, params: { ...params }, score: mean, metric: this.metric };
      }
    }
  }

  private grow(size: number): void {
    const capacity = Math.max(size, 2 * this.counts.length, 64);
    const sums = new Float64Array(capacity);
    sums.set(this.sums);
    const counts = new Int32Array(capacity);
    counts.set(this.counts);
    this.sums = sums;
    this.counts = counts;
  }

  /** The halving round the following fits belong to (undefined for one-round searches). */
  setRound(round: { iteration: number; nIterations: number } | undefined): void {
    this.round = round ? { ...round } : undefined;
  }

  /** Counts a fit run in this call (for the ETA). */
  ran(): void {
    this.ranThisCall++;
  }

  /** The current progress report. */
  snapshot(): ProgressInfo {
    const elapsedMs = performance.now() - this.startMs;
    const left = this.total - this.done;
    const etaMs = this.ranThisCall > 0 ? (elapsedMs / this.ranThisCall) * left : left === 0 ? 0 : undefined;
    return {
      done: this.done,
      total: this.total,
      failed: this.failed,
      elapsedMs,
      ...(etaMs !== undefined ? { etaMs } : {}),
      ...(this.best ? { best: { ...this.best } } : {}),
      ...(this.round ?? {}),
    };
  }
}
