/**
 * The successive-halving schedule, computed as scikit-learn 1.2's `BaseSuccessiveHalving`
 * does (`_check_input_parameters` and `_run_search`): how many resources the first
 * iteration gets, how many iterations run, and the candidates and resources of each.
 * Pure arithmetic, so it is unit-tested against scikit-learn's own figures.
 */
import { ValidationError } from '../errors.js';
import { numpyArgsort } from '../split/numpy-argsort.js';
import { pythonFloorDiv, pythonLog } from './halving-log.js';

/** The `minResources` option: scikit-learn's 'exhaust' (default), 'smallest', or a number. */
export type MinResourcesOption = 'exhaust' | 'smallest' | number;
/** The `maxResources` option: 'auto' (the number of rows; `resource: 'nSamples'` only) or a number. */
export type MaxResourcesOption = 'auto' | number;

/** What the schedule needs to know about the data and the estimator. */
export interface HalvingScheduleInput {
  /** Candidates of the first iteration. */
  nCandidates: number;
  factor: number;
  /** True for `resource: 'nSamples'`, false for an estimator parameter. */
  samples: boolean;
  minResources: MinResourcesOption;
  maxResources: MaxResourcesOption;
  aggressiveElimination: boolean;
  /** Rows of X (the 'auto' maximum and the 'smallest' bound's data). */
  nSamples: number;
  nSplits: number;
  /** Distinct classes of y for a classifier; undefined for a regressor. */
  nClasses?: number;
}

/** The resolved schedule: scikit-learn's fitted attributes of a halving search. */
export interface HalvingSchedule {
  /** Resources of the first iteration (`min_resources_`, after 'exhaust' raised it). */
  minResources: number;
  maxResources: number;
  nIterations: number;
  /** Iterations needed to end with fewer than `factor` candidates: 1 + floor(log(nCandidates, factor)). */
  nRequiredIterations: number;
  /** Iterations that fit between minResources and maxResources: 1 + floor(log(max // min, factor)). */
  nPossibleIterations: number;
  /** Resources per iteration. */
  nResources: number[];
  /** Candidates per iteration. */
  nCandidates: number[];
  /** Candidates kept after the last iteration: ceil(last / factor). */
  nRemainingCandidates: number;
}

/**
 * The first-iteration resources before 'exhaust' raises them (`min_resources_` after
 * `_check_input_parameters`): 'smallest' and 'exhaust' start from 2 × nSplits (× nClasses
 * for a classifier) with `resource: 'nSamples'`, from 1 for a parameter resource.
 */
export function initialMinResources(input: Pick<HalvingScheduleInput, 'minResources' | 'samples' | 'nSplits' | 'nClasses'>): number {
  const { minResources } = input;
  if (typeof minResources === 'number') return minResources;
  if (!input.samples) return 1;
  return 2 * input.nSplits * (input.nClasses ?? 1);
}

/** The resolved maximum: the rows of X for 'auto' (which needs `resource: 'nSamples'`). */
export function resolveMaxResources(maxResources: MaxResourcesOption, samples: boolean, nSamples: number): number {
  if (maxResources !== 'auto') return maxResources;
  if (!samples)
    throw new ValidationError(
      "resource can only be 'n_samples' when max_resources='auto' (hyperfold: give maxResources, the largest value of the resource parameter, when resource names a parameter)",
    );
  return nSamples;
}

/** Checks the resolved bounds as scikit-learn does (before any fit). */
export function checkResourceBounds(minResources: number, maxResources: number): void {
  if (minResources > maxResources)
    throw new ValidationError(
      `min_resources_=${minResources} is greater than max_resources_=${maxResources}. (hyperfold: lower minResources, raise maxResources, or give more rows)`,
    );
  if (minResources === 0) throw new ValidationError(`min_resources_=${minResources}: you might have passed an empty dataset X.`);
}

/** 1 + floor(log(nCandidates, factor)) with Python's floating-point log (see halvingSchedule). */
export function requiredIterations(nCandidates: number, factor: number): number {
  return 1 + Math.floor(pythonLog(nCandidates, factor));
}

/**
 * The whole schedule, identical to scikit-learn 1.2's. Like scikit-learn it takes the
 * floor of a floating-point `log(n, factor)`, which falls one short at some exact powers:
 * log(243, 3) evaluates to 4.999999999999999, so 243 candidates with factor 3 need
 * 1 + 4 = 5 iterations (not 6) and the last one keeps 3 candidates, not 1. This follows
 * scikit-learn on purpose, so that a schedule ported from Python runs the same here.
 */
export function halvingSchedule(input: HalvingScheduleInput): HalvingSchedule {
  const { factor, nCandidates: n0, aggressiveElimination } = input;
  const maxResources = resolveMaxResources(input.maxResources, input.samples, input.nSamples);
  let minResources = initialMinResources(input);
  checkResourceBounds(minResources, maxResources);
  const nRequiredIterations = requiredIterations(n0, factor);
  if (input.minResources === 'exhaust') {
    // start as high as possible so that the last required iteration uses (nearly) every resource
    minResources = Math.max(minResources, pythonFloorDiv(maxResources, factor ** (nRequiredIterations - 1)));
  }
  const nPossibleIterations = 1 + Math.floor(pythonLog(pythonFloorDiv(maxResources, minResources), factor));
  const nIterations = aggressiveElimination ? nRequiredIterations : Math.min(nPossibleIterations, nRequiredIterations);
  const nResources: number[] = [];
  const nCandidates: number[] = [];
  let n = n0;
  for (let itr = 0; itr < nIterations; itr++) {
    // aggressive elimination repeats the first budget until enough candidates are gone
    const power = aggressiveElimination ? Math.max(0, itr - nRequiredIterations + nPossibleIterations) : itr;
    nResources.push(Math.min(Math.trunc(factor ** power * minResources), maxResources));
    nCandidates.push(n);
    n = keptAfter(n, factor);
  }
  return { minResources, maxResources, nIterations, nRequiredIterations, nPossibleIterations, nResources, nCandidates, nRemainingCandidates: n };
}

/** Candidates kept after an iteration of `n`: ceil(n / factor). */
export function keptAfter(n: number, factor: number): number {
  return Math.ceil(n / factor);
}

/**
 * The rows kept at a cut, as scikit-learn 1.2's `_top_k`: numpy's default (unstable
 * quicksort) argsort of the iteration's mean test scores, NaN scores moved to the front
 * (they are worse than any number), and the last `k` taken — so the kept candidates come
 * in ascending score order, and among equal scores numpy's introsort decides which stay.
 * Returns positions into `scores`.
 */
export function topK(scores: readonly number[], k: number): number[] {
  // numpy orders NaN after every number and equal to itself: +Infinity compares the same
  // way (a real +Infinity score would tie with NaN here, which no scorer produces)
  const keys = Float64Array.from(scores, (s) => (Number.isNaN(s) ? Infinity : s));
  const order = Array.from(numpyArgsort(keys));
  const nNaN = scores.filter((s) => Number.isNaN(s)).length;
  const rolled = nNaN === 0 ? order : [...order.slice(order.length - nNaN), ...order.slice(0, order.length - nNaN)];
  return k <= 0 ? [] : rolled.slice(-k);
}
