import type { Matrix } from '../../data/matrix.js';

/** Marks a leaf in `TreeModel.feature`. */
export const LEAF = -1;

/**
 * One fitted tree as flat typed arrays (scikit-learn's `tree_` layout): node `i` splits on
 * `feature[i]` at `threshold[i]` (x ≤ threshold goes to `left[i]`), or is a leaf when
 * `feature[i] === LEAF`. `value` holds `nOutputs` numbers per node: class probabilities
 * for classifiers, the mean target for regressors.
 */
export interface TreeModel {
  nodeCount: number;
  nOutputs: number;
  left: Int32Array;
  right: Int32Array;
  feature: Int32Array;
  threshold: Float64Array;
  impurity: Float64Array;
  nSamples: Int32Array;
  weightedN: Float64Array;
  value: Float64Array;
  /** Right child = left child + 1 at every split (set by the builder and by JSON restore). */
  adjacentChildren?: boolean;
}

/** An empty tree with room for `capacity` nodes (grown by `addNode`). */
export function newTree(nOutputs: number, capacity = 64): TreeModel {
  return {
    nodeCount: 0,
    nOutputs,
    left: new Int32Array(capacity),
    right: new Int32Array(capacity),
    feature: new Int32Array(capacity),
    threshold: new Float64Array(capacity),
    impurity: new Float64Array(capacity),
    nSamples: new Int32Array(capacity),
    weightedN: new Float64Array(capacity),
    value: new Float64Array(capacity * nOutputs),
  };
}

function grow<T extends Int32Array | Float64Array>(a: T, n: number): T {
  const b = new (a.constructor as new (n: number) => T)(n);
  b.set(a);
  return b;
}

/** Appends a node (a leaf until `setSplit`); returns its id. */
export function addNode(t: TreeModel, impurity: number, nSamples: number, weightedN: number): number {
  const id = t.nodeCount;
  if (id === t.left.length) {
    const cap = id * 2;
    t.left = grow(t.left, cap);
    t.right = grow(t.right, cap);
    t.feature = grow(t.feature, cap);
    t.threshold = grow(t.threshold, cap);
    t.impurity = grow(t.impurity, cap);
    t.nSamples = grow(t.nSamples, cap);
    t.weightedN = grow(t.weightedN, cap);
    t.value = grow(t.value, cap * t.nOutputs);
  }
  t.nodeCount = id + 1;
  t.left[id] = -1;
  t.right[id] = -1;
  t.feature[id] = LEAF;
  t.threshold[id] = 0;
  t.impurity[id] = impurity;
  t.nSamples[id] = nSamples;
  t.weightedN[id] = weightedN;
  return id;
}

/** Trims the arrays to `nodeCount` (done once a tree is built). */
export function trimTree(t: TreeModel): TreeModel {
  const n = t.nodeCount;
  return {
    nodeCount: n,
    nOutputs: t.nOutputs,
    left: t.left.slice(0, n),
    right: t.right.slice(0, n),
    feature: t.feature.slice(0, n),
    threshold: t.threshold.slice(0, n),
    impurity: t.impurity.slice(0, n),
    nSamples: t.nSamples.slice(0, n),
    weightedN: t.weightedN.slice(0, n),
    value: t.value.slice(0, n * t.nOutputs),
  };
}

/**
 * The leaf reached by row `i` of X. Trees built here store a node's right child right
 * after its left one, so the step is branch-free: left + (x > threshold), NaN going right.
 */
export function leafOf(t: TreeModel, X: Matrix, i: number): number {
  const { left, right, feature, threshold } = t;
  const data = X.data;
  const base = i * X.cols;
  let node = 0;
  let f = feature[0]!;
  if (t.adjacentChildren) {
    while (f !== LEAF) {
      node = left[node]! + +!(data[base + f]! <= threshold[node]!);
      f = feature[node]!;
    }
    return node;
  }
  while (f !== LEAF) {
    node = data[base + f]! <= threshold[node]! ? left[node]! : right[node]!;
    f = feature[node]!;
  }
  return node;
}

/** True when every split node's right child is its left child + 1 (enables the branch-free walk). */
export function hasAdjacentChildren(t: TreeModel): boolean {
  for (let i = 0; i < t.nodeCount; i++) if (t.feature[i] !== LEAF && t.right[i] !== t.left[i]! + 1) return false;
  return true;
}

/**
 * Adds each row's leaf value (nOutputs per row) into `out` (rows × nOutputs). Trees with
 * adjacent children walk four rows in lock-step: four independent branch-free chains keep
 * the CPU busy while each waits for its loads.
 */
export function accumulatePrediction(t: TreeModel, X: Matrix, out: Float64Array): void {
  const k = t.nOutputs;
  const v = t.value;
  // the four-row walk is a function of its own (see addLeaf)
  let i = t.adjacentChildren ? accumulateFours(t, X, out) : 0;
  for (; i < X.rows; i++) addLeaf(out, v, k, i, leafOf(t, X, i));
}

/** The lock-step walk of accumulatePrediction over rows 0 … 4⌊rows/4⌋ − 1; returns the first row it left. */
function accumulateFours(t: TreeModel, X: Matrix, out: Float64Array): number {
  const k = t.nOutputs;
  const v = t.value;
  const { left, feature, threshold } = t;
  const data = X.data;
  const cols = X.cols;
  const rows = X.rows;
  let i = 0;
  for (; i + 3 < rows; i += 4) {
    const b0 = i * cols;
    const b1 = b0 + cols;
    const b2 = b1 + cols;
    const b3 = b2 + cols;
    let n0 = 0;
    let n1 = 0;
    let n2 = 0;
    let n3 = 0;
    let f0 = feature[0]!;
    let f1 = f0;
    let f2 = f0;
    let f3 = f0;
    while (f0 !== LEAF || f1 !== LEAF || f2 !== LEAF || f3 !== LEAF) {
      if (f0 !== LEAF) {
        n0 = left[n0]! + +!(data[b0 + f0]! <= threshold[n0]!);
        f0 = feature[n0]!;
      }
      if (f1 !== LEAF) {
        n1 = left[n1]! + +!(data[b1 + f1]! <= threshold[n1]!);
        f1 = feature[n1]!;
      }
      if (f2 !== LEAF) {
        n2 = left[n2]! + +!(data[b2 + f2]! <= threshold[n2]!);
        f2 = feature[n2]!;
      }
      if (f3 !== LEAF) {
        n3 = left[n3]! + +!(data[b3 + f3]! <= threshold[n3]!);
        f3 = feature[n3]!;
      }
    }
    addLeaf(out, v, k, i, n0);
    addLeaf(out, v, k, i + 1, n1);
    addLeaf(out, v, k, i + 2, n2);
    addLeaf(out, v, k, i + 3, n3);
  }
  return i;
}

/**
 * Adds leaf `leaf`'s k values into row i of `out`: a module function, not a closure made per call, and
 * the four-row walk alone in its function (docs/contributing.md, "Hot code that V8 keeps optimized":
 * accumulatePrediction's optimized code was thrown away several times per pool thread before).
 */
function addLeaf(out: Float64Array, v: Float64Array, k: number, i: number, leaf: number): void {
  const o = i * k;
  const s = leaf * k;
  for (let c = 0; c < k; c++) out[o + c] += v[s + c]!;
}

/**
 * Impurity-based importances of one tree (scikit-learn's `feature_importances_`): each
 * split's weighted impurity decrease summed per feature, normalised to sum 1 (all zeros
 * for a single-leaf tree).
 */
export function treeImportances(t: TreeModel, nFeatures: number): Float64Array {
  const imp = new Float64Array(nFeatures);
  for (let i = 0; i < t.nodeCount; i++) {
    const f = t.feature[i]!;
    if (f === LEAF) continue;
    const l = t.left[i]!;
    const r = t.right[i]!;
    imp[f] += t.weightedN[i]! * t.impurity[i]! - t.weightedN[l]! * t.impurity[l]! - t.weightedN[r]! * t.impurity[r]!;
  }
  let s = 0;
  for (let f = 0; f < nFeatures; f++) s += imp[f]!;
  if (s > 0) for (let f = 0; f < nFeatures; f++) imp[f] /= s;
  return imp;
}
