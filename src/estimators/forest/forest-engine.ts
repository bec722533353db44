import seedrandom from 'seedrandom';
import type { Labels, Matrix } from '../../data/matrix.js';
import { scratchFloat64, scratchInt32 } from '../../data/scratch.js';
import { ValidationError } from '../../errors.js';
import type { ParamValue } from '../estimator.js';
import type { BinnedMatrix } from './binning.js';
import { FitCodes } from './fit-codes.js';
import { fitScratch } from './partition.js';
import { growTree, type GrowOptions } from './tree-builder.js';
import { accumulatePrediction, treeImportances, type TreeModel } from './tree-model.js';

/** Everything a forest fit needs, resolved from the estimator's parameters. */
export interface ForestPlan {
  who: string;
  classifier: boolean;
  nEstimators: number;
  bootstrap: boolean;
  /** Bootstrap sample size as given (null, int or fraction). */
  maxSamples: ParamValue;
  classWeight: ParamValue;
  seed: number;
  minWeightFractionLeaf: number;
  grow: GrowOptions;
  /**
   * The trees to fit, `from` … `to − 1` of the forest: all of them (0, nEstimators), or one part of a fit split
   * over threads. Always a range, so that every plan has one shape: a refit part's plan with a property the others
   * lacked deoptimized fitForest in each thread.
   */
  trees: { from: number; to: number };
}

/** A fitted forest (or a single tree): the trees plus what predict needs. */
export interface FittedForest {
  nFeatures: number;
  /** Sorted class labels (classifiers); null for regressors. */
  classes: Float64Array | null;
  trees: TreeModel[];
}

/** Sorted distinct labels of y[train] and each train row's class code. */
function encodeClasses(y: Labels, train: Int32Array): { classes: Float64Array; codes: Int32Array } {
  const n = train.length;
  const codes = scratchInt32('forest.codes', n);
  // Fast path: small non-negative integer labels (the usual case) through a lookup table. Each
  // row's label is read once (a subsample's rows are scattered over y) and kept in `codes`.
  const max = readSmallLabels(y, train, codes);
  if (max >= 0) {
    const seen = new Int32Array(max + 1);
    markLabels(codes, n, seen);
    const distinct: number[] = [];
    for (let v = 0; v <= max; v++)
      if (seen[v]) {
        seen[v] = distinct.length;
        distinct.push(v);
      }
    renumber(codes, n, seen);
    return { classes: Float64Array.from(distinct), codes };
  }
  const vals = new Float64Array(n);
  for (let i = 0; i < n; i++) vals[i] = y[train[i]!]!;
  const sorted = vals.slice().sort();
  const distinct: number[] = [];
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) distinct.push(sorted[i]!);
  const index = new Map<number, number>();
  distinct.forEach((c, k) => index.set(c, k));
  for (let i = 0; i < n; i++) codes[i] = index.get(vals[i]!)!;
  return { classes: Float64Array.from(distinct), codes };
}

// The loops over a fit's rows are alone in their functions (docs/contributing.md, "Hot code that V8 keeps optimized"):
// inside encodeClasses, V8 replaced it while a loop ran and deoptimized it after the loop (~4 times per pool thread).

/** seen[label] = 1 for each of the first n labels in `codes`. */
function markLabels(codes: Int32Array, n: number, seen: Int32Array): void {
  for (let i = 0; i < n; i++) seen[codes[i]!] = 1;
}

/** codes[i] = index[codes[i]] for the first n codes: labels to class codes. */
function renumber(codes: Int32Array, n: number, index: Int32Array): void {
  for (let i = 0; i < n; i++) codes[i] = index[codes[i]!]!;
}

/**
 * codes[i] = y[train[i]] while the labels are integers in [0, 65536); returns the largest, or −1
 * at the first other label. The loop is alone in its function (docs/contributing.md, "Hot code that V8
 * keeps optimized": ~15 deoptimizations per pool thread before).
 */
function readSmallLabels(y: Labels, train: Int32Array, codes: Int32Array): number {
  let max = 0;
  for (let i = 0; i < train.length; i++) {
    const v = y[train[i]!]!;
    if (!(v >= 0 && v < 65536 && Number.isInteger(v))) return -1;
    codes[i] = v;
    if (v > max) max = v;
  }
  return max;
}

/** scikit-learn's 'balanced' weights n / (K · count_k) over the classes present (count from `counts`). */
function balancedWeights(perClass: Float64Array): Float64Array {
  let n = 0;
  let present = 0;
  for (const c of perClass)
    if (c > 0) {
      n += c;
      present++;
    }
  return perClass.map((c) => (c > 0 ? n / (present * c) : 0));
}

/** Per-class weights from `classWeight` (null, 'balanced', 'balanced_subsample' or a map label → weight). */
function classWeights(who: string, cw: ParamValue, classes: Float64Array, codes: Int32Array): Float64Array | null {
  if (cw === null || cw === 'balanced_subsample') return null;
  if (cw === 'balanced') {
    const counts = new Float64Array(classes.length);
    for (const c of codes) counts[c] += 1;
    return balancedWeights(counts);
  }
  if (typeof cw === 'object' && !Array.isArray(cw)) {
    const w = new Float64Array(classes.length).fill(1);
    for (const [label, v] of Object.entries(cw)) {
      const k = classes.indexOf(Number(label));
      if (typeof v !== 'number' || !(v >= 0)) throw new ValidationError(`${who}: classWeight['${label}'] must be a number ≥ 0, got ${JSON.stringify(v)}`);
      if (k >= 0) w[k] = v;
    }
    return w;
  }
  throw new ValidationError(
    `${who}: parameter 'classWeight' must be null, 'balanced', 'balanced_subsample' or a map {label: weight}, got ${JSON.stringify(cw)}`,
  );
}

function bootstrapSize(who: string, v: ParamValue, n: number): number {
  if (v === null) return n;
  if (typeof v === 'number' && Number.isInteger(v) && v >= 1 && v !== 1) {
    if (v > n) throw new ValidationError(`${who}: maxSamples=${v} exceeds the ${n} training rows; use at most ${n} or a fraction`);
    return v;
  }
  if (typeof v === 'number' && v > 0 && v <= 1) return Math.max(1, Math.round(v * n));
  throw new ValidationError(`${who}: parameter 'maxSamples' must be null, an int ≥ 2 or a fraction in (0, 1], got ${JSON.stringify(v)}`);
}

/**
 * Fits `plan.nEstimators` trees on rows `train` of the binned matrix. Bootstrap samples
 * are integer row weights (counts), not duplicated rows. Tree t's randomness comes from
 * an alea generator seeded with the t-th draw of a generator seeded with `plan.seed`,
 * so the same seed gives the same forest on every executor. With `plan.trees` a part, only that
 * range of trees is grown, each identical to the same tree of the whole forest.
 */
export function fitForest(bins: BinnedMatrix, y: Labels, train: Int32Array, plan: ForestPlan): FittedForest {
  const { who } = plan;
  const n = train.length;
  if (n === 0) throw new ValidationError(`${who}: cannot fit on 0 training rows`);
  if (y.length !== bins.rows) throw new ValidationError(`${who}: y has ${y.length} values but X has ${bins.rows} rows`);
  for (let i = 0; i < n; i++) {
    const r = train[i]!;
    if (!(r >= 0 && r < bins.rows)) throw new ValidationError(`${who}: training row index ${r} (position ${i}) is outside 0..${bins.rows - 1}`);
    if (!plan.classifier && !Number.isFinite(y[r]!)) throw new ValidationError(`${who}: target at row ${r} is not a finite number (${y[r]})`);
  }
  let classes: Float64Array | null = null;
  let codes: Int32Array | null = null;
  let cw: Float64Array | null = null;
  if (plan.classifier) {
    ({ classes, codes } = encodeClasses(y, train));
    if (classes.some((c) => Number.isNaN(c))) throw new ValidationError(`${who}: class labels contain NaN`);
    cw = classWeights(who, plan.classWeight, classes, codes);
  }
  const nBoot = plan.bootstrap ? bootstrapSize(who, plan.maxSamples, n) : n;
  const master = seedrandom.alea(String(plan.seed));
  const counts = scratchInt32('forest.counts', n);
  const trees: TreeModel[] = [];
  // Per-tree work arrays, reused by every fit of this thread (each tree uses a prefix).
  const rowsBuf = scratchInt32('forest.rows', n);
  const weightsBuf = scratchFloat64('forest.weights', n);
  const yCodeBuf = plan.classifier ? scratchInt32('forest.yCode', n) : undefined;
  const yValueBuf = plan.classifier ? undefined : scratchFloat64('forest.yValue', n);
  const scratch = fitScratch(n, plan.classifier);
  // the trees address row train[i] as i, or as train[i] when reading the matrix in place (see fit-codes.ts): ids[i]
  // either way, so that fillRows takes no branch whose first use (a halving search's first fit on over half the
  // rows) would deoptimize it and fitForest, in every pool thread
  const binCodes = FitCodes.of(bins, train);
  const ids = binCodes.rowIds ?? positions(scratchInt32('forest.positions', n));
  const { from, to } = plan.trees;
  for (let t = 0; t < to; t++) {
    // every tree's seed is drawn, so a range's trees get the seeds they have in the whole forest
    const treeSeed = Math.floor(master() * 4294967296);
    if (t < from) continue;
    const rng = seedrandom.alea(String(treeSeed));
    drawCounts(counts, n, plan.bootstrap, nBoot, rng);
    let treeCw = cw;
    if (plan.classifier && plan.classWeight === 'balanced_subsample') treeCw = balancedWeights(classCounts(counts, codes!, classes!.length));
    const m = countRows(counts, treeCw, codes);
    const rows = rowsBuf.subarray(0, m);
    const weights = weightsBuf.subarray(0, m);
    const yCode = yCodeBuf?.subarray(0, m);
    const yValue = yValueBuf?.subarray(0, m);
    const totalWeight = fillRows(counts, treeCw, codes, ids, y, train, rows, weights, yCode, yValue);
    const grow = { ...plan.grow, minWeightLeaf: plan.minWeightFractionLeaf * totalWeight };
    trees.push(growTree({ bins, codes: binCodes, rows, weights, yCode, yValue, nClasses: classes?.length ?? 0, scratch }, grow, rng));
  }
  return { nFeatures: bins.cols, classes, trees };
}

// The per-tree steps of fitForest are functions of their own (docs/contributing.md, "Hot code that V8 keeps
// optimized"): one function holding all their loops was compiled again for each loop and after each
// deoptimization — several times per pool thread, ~40 ms each on airline.

/** A tree's row counts: with bootstrap, how often each of the n rows is among nBoot draws; without, 1 per row. */
function drawCounts(counts: Int32Array, n: number, bootstrap: boolean, nBoot: number, rng: () => number): void {
  if (!bootstrap) {
    counts.fill(1, 0, n);
    return;
  }
  counts.fill(0, 0, n);
  for (let s = 0; s < nBoot; s++) counts[Math.floor(rng() * n)] += 1;
}

/** Per-class sums of `counts` (balanced_subsample's per-tree class weights). */
function classCounts(counts: Int32Array, codes: Int32Array, nClasses: number): Float64Array {
  const perClass = new Float64Array(nClasses);
  for (let i = 0; i < codes.length; i++) perClass[codes[i]!] += counts[i]!;
  return perClass;
}

/** a[i] = i for every i (a fit's row positions). */
function positions(a: Int32Array): Int32Array {
  for (let i = 0; i < a.length; i++) a[i] = i;
  return a;
}

/** Rows the tree is grown on: drawn at least once and of a class with weight > 0. */
function countRows(counts: Int32Array, treeCw: Float64Array | null, codes: Int32Array | null): number {
  let m = 0;
  const n = counts.length;
  for (let i = 0; i < n; i++) if (counts[i]! > 0 && (treeCw === null || treeCw[codes![i]!]! > 0)) m++;
  return m;
}

/** Writes the tree's rows, weights (count × class weight) and targets; returns the total weight. */
function fillRows(
  counts: Int32Array,
  treeCw: Float64Array | null,
  codes: Int32Array | null,
  ids: Int32Array,
  y: Labels,
  train: Int32Array,
  rows: Int32Array,
  weights: Float64Array,
  yCode: Int32Array | undefined,
  yValue: Float64Array | undefined,
): number {
  let totalWeight = 0;
  const n = counts.length;
  for (let i = 0, j = 0; i < n; i++) {
    const c = counts[i]!;
    if (c === 0) continue;
    const w = treeCw === null ? c : c * treeCw[codes![i]!]!;
    if (w <= 0) continue;
    rows[j] = ids[i]!;
    weights[j] = w;
    totalWeight += w;
    if (yCode) yCode[j] = codes![i]!;
    else yValue![j] = y[train[i]!]!;
    j++;
  }
  return totalWeight;
}

/** Mean of the trees' leaf values per row: class probabilities (classifiers) or the prediction. */
export function forestAverage(forest: FittedForest, X: Matrix, who: string): Float64Array {
  if (X.cols !== forest.nFeatures) {
    throw new ValidationError(`${who}: X has ${X.cols} features but the model was fitted with ${forest.nFeatures}`);
  }
  const k = forest.trees[0]!.nOutputs;
  const out = new Float64Array(X.rows * k);
  for (const t of forest.trees) accumulatePrediction(t, X, out);
  const inv = 1 / forest.trees.length;
  for (let i = 0; i < out.length; i++) out[i] *= inv;
  return out;
}

/** scikit-learn's forest `feature_importances_`: mean of the non-trivial trees' normalised importances, renormalised. */
export function forestImportances(forest: FittedForest): Float64Array {
  const sum = new Float64Array(forest.nFeatures);
  let used = 0;
  for (const t of forest.trees) {
    if (t.nodeCount <= 1) continue;
    const imp = treeImportances(t, forest.nFeatures);
    for (let f = 0; f < imp.length; f++) sum[f] += imp[f]!;
    used++;
  }
  let s = 0;
  for (const v of sum) s += v;
  if (used > 0 && s > 0) for (let f = 0; f < sum.length; f++) sum[f] /= s;
  return sum;
}
