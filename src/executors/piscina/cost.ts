import { costHint, runsFoldsTogether } from '../../estimators/registry.js';
import type { FitJob } from '../../jobs/types.js';

/**
 * Learns how long the jobs of one run take, per candidate (all jobs of a
 * candidate share its params): the mean time of a candidate's finished folds
 * predicts its other folds; seconds per unit of the estimator's cost hint
 * (`costHint`, declared by each estimator) scales candidates not seen yet; the mean over all jobs is the last resort.
 * `predict` is undefined until anything has finished. Arrays indexed by
 * candidate keep the per-result bookkeeping allocation-free.
 */
export class CostModel {
  private readonly units: Float64Array;
  /** together[c]: candidate c's estimator runs a candidate's folds back to back (`runFoldsTogether`). */
  private readonly together: Uint8Array;
  private readonly nameOf: Int32Array;
  private readonly seconds: Float64Array;
  private readonly count: Int32Array;
  private readonly nameSeconds: number[] = [];
  private readonly nameUnits: number[] = [];
  private allSeconds = 0;
  private allCount = 0;

  constructor(jobs: readonly FitJob[]) {
    let maxCandidate = -1;
    for (const j of jobs) maxCandidate = Math.max(maxCandidate, j.candidateIndex);
    const n = maxCandidate + 1;
    this.units = new Float64Array(n);
    this.together = new Uint8Array(n);
    this.nameOf = new Int32Array(n);
    this.seconds = new Float64Array(n);
    this.count = new Int32Array(n);
    const names = new Map<string, number>();
    for (const j of jobs) {
      const c = j.candidateIndex;
      if (this.units[c] !== 0) continue;
      this.units[c] = costHint(j.estimator.name, j.estimator.params);
      this.together[c] = runsFoldsTogether(j.estimator.name) ? 1 : 0;
      let id = names.get(j.estimator.name);
      if (id === undefined) {
        id = names.size;
        names.set(j.estimator.name, id);
        this.nameSeconds.push(0);
        this.nameUnits.push(0);
      }
      this.nameOf[c] = id;
    }
  }

  /** Records that a job of candidate `c` took `seconds` (wall time in its thread); true when it is the first of its estimator. */
  observe(c: number, seconds: number): boolean {
    const name = this.nameOf[c]!;
    const first = this.nameUnits[name] === 0;
    this.seconds[c]! += seconds;
    this.count[c]! += 1;
    this.nameSeconds[name]! += seconds;
    this.nameUnits[name]! += this.units[c]!;
    this.allSeconds += seconds;
    this.allCount += 1;
    return first;
  }

  /** True when candidate `c`'s folds should run back to back (no probe of one fold first). */
  foldsTogether(c: number): boolean {
    return this.together[c] === 1;
  }

  /** Predicted seconds of one job of candidate `c`, or undefined before any fit finished. */
  predict(c: number): number | undefined {
    const n = this.count[c]!;
    if (n > 0) return this.seconds[c]! / n;
    const name = this.nameOf[c]!;
    if (this.nameUnits[name]! > 0) return (this.units[c]! * this.nameSeconds[name]!) / this.nameUnits[name]!;
    return this.allCount > 0 ? this.allSeconds / this.allCount : undefined;
  }

  /** The dispatch priority of candidate `c` (larger first): predicted seconds, or cost-hint units before any fit finished. */
  priority(c: number): number {
    return this.predict(c) ?? this.units[c]!;
  }
}
