import type { Params } from '../../estimators/estimator.js';
import type { FitJob } from '../../jobs/types.js';

function num(params: Params, name: string): number | undefined {
  const v = params[name];
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/**
 * A unitless guess of how expensive a fit is, from its hyperparameters alone:
 * ensemble size × depth for forests and boosting, a slowly growing factor of
 * `C` / `maxIter` for SVMs and linear models, more neighbours for k-NN.
 * Only the order among jobs of one estimator matters; the CostModel turns
 * units into seconds once fits finish.
 */
export function heuristicCost(params: Params): number {
  let cost = 1;
  const nEstimators = num(params, 'nEstimators');
  if (nEstimators !== undefined) cost *= Math.max(1, nEstimators);
  if ('maxDepth' in params) {
    const depth = num(params, 'maxDepth');
    cost *= depth === undefined ? 32 : Math.max(1, Math.min(depth, 32));
  }
  const C = num(params, 'C');
  if (C !== undefined && C > 0) cost *= 1 + Math.max(0, Math.log10(C) + 6);
  const maxIter = num(params, 'maxIter');
  if (maxIter !== undefined && maxIter > 0) cost *= 1 + Math.log10(1 + maxIter);
  const k = num(params, 'nNeighbors');
  if (k !== undefined && k > 0) cost *= 1 + Math.log2(k);
  return cost;
}

interface Sum {
  seconds: number;
  units: number;
  n: number;
}

/**
 * Learns how long jobs take: the mean time of a candidate's finished folds
 * predicts its other folds; seconds per heuristic unit (per estimator name)
 * scales candidates not seen yet; the mean over all jobs is the last resort.
 * `predict` is undefined until anything has finished.
 */
export class CostModel {
  private readonly byCandidate = new Map<number, Sum>();
  private readonly byName = new Map<string, Sum>();
  private readonly all: Sum = { seconds: 0, units: 0, n: 0 };

  /** Records that `job` took `seconds` (wall time in its thread). */
  observe(job: FitJob, seconds: number): { newName: boolean } {
    const units = heuristicCost(job.estimator.params);
    const add = (s: Sum): void => {
      s.seconds += seconds;
      s.units += units;
      s.n += 1;
    };
    let c = this.byCandidate.get(job.candidateIndex);
    if (!c) this.byCandidate.set(job.candidateIndex, (c = { seconds: 0, units: 0, n: 0 }));
    add(c);
    let s = this.byName.get(job.estimator.name);
    const newName = !s;
    if (!s) this.byName.set(job.estimator.name, (s = { seconds: 0, units: 0, n: 0 }));
    add(s);
    add(this.all);
    return { newName };
  }

  /** Predicted seconds for `job`, or undefined before any fit finished. */
  predict(job: FitJob): number | undefined {
    const c = this.byCandidate.get(job.candidateIndex);
    if (c) return c.seconds / c.n;
    const s = this.byName.get(job.estimator.name);
    if (s) return (heuristicCost(job.estimator.params) * s.seconds) / s.units;
    return this.all.n > 0 ? this.all.seconds / this.all.n : undefined;
  }

  /** The dispatch priority of `job` (larger first): predicted seconds, or heuristic units before any fit finished. */
  priority(job: FitJob): number {
    return this.predict(job) ?? heuristicCost(job.estimator.params);
  }

  /** True once any job finished (priorities are then seconds, not units). */
  get calibrated(): boolean {
    return this.all.n > 0;
  }
}
