/**
 * Cost hints the built-in estimators declare (`registerEstimator(name, factory, { costHint })`):
 * a unitless guess of how expensive one fit is, from its parameters alone. Executors dispatch
 * the costliest-looking candidates first so slow fits do not form the tail; only the order
 * among candidates of one estimator matters, and measured fit times replace the guess as soon
 * as fits finish. Executors read hints through `costHint(name, params)` and know no parameter.
 */
import type { Params } from './estimator.js';

function num(params: Params, name: string): number | undefined {
  const v = params[name];
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** Depth of a tree: `maxDepth`, with null (unlimited) counted as 32. */
export function treeCost(params: Params): number {
  const depth = num(params, 'maxDepth');
  return depth === undefined ? 32 : Math.max(1, Math.min(depth, 32));
}

/** Trees × depth. */
export function forestCost(params: Params): number {
  return Math.max(1, num(params, 'nEstimators') ?? 100) * treeCost(params);
}

/** SVMs: a slowly growing factor of `C` (the solver's iterations grow with it). */
export function svmCost(params: Params): number {
  const C = num(params, 'C');
  return C !== undefined && C > 0 ? 1 + Math.max(0, Math.log10(C) + 6) : 1;
}

/**
 * SVC: libsvm-js (`solver: 'libsvm'`) as `svmCost`; our solver 1 for every candidate — in a search its
 * fits read shared kernel matrices and their times no longer grow with C (seed space: 16–90 ms a fit
 * with no order in C), so the pool keeps the search's order and re-ranks by measured times.
 */
export function svcCost(params: Params): number {
  return params.solver === 'libsvm' ? svmCost(params) : 1;
}

/** Iterative solvers: a slowly growing factor of `maxIter`. */
export function iterationsCost(params: Params): number {
  const maxIter = num(params, 'maxIter');
  return maxIter !== undefined && maxIter > 0 ? 1 + Math.log10(1 + maxIter) : 1;
}

/** k-NN: more neighbours, a little more work per prediction. */
export function neighboursCost(params: Params): number {
  const k = num(params, 'nNeighbors');
  return k !== undefined && k > 0 ? 1 + Math.log2(k) : 1;
}
