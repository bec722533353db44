/**
 * Stable, branch-free partition of a node's rows on "bin code ≤ bin": left rows are written
 * in place, right rows through scratch arrays and copied back after them. Each side's totals
 * are summed on the way (the children's statistics, with no second pass). Keeping rows in
 * ascending order makes every later gather of bin codes a forward sweep.
 */
import { scratchFloat64, scratchInt32 } from '../../data/scratch.js';

/**
 * Work memory of tree growing, shared by the trees of one fit: the partition's
 * arrays, and the all-zero node histograms (and their occupied-range arrays)
 * released by earlier trees, reused instead of allocated per node.
 */
export interface GrowScratch {
  rows: Int32Array;
  weights: Float64Array;
  y: Int32Array | Float64Array;
  /** Free histograms, all zeros; each has the length of the tree's histograms (`histLength`). */
  hists: Float64Array[];
  /** Free occupied-range arrays, one per histogram. */
  has: Int32Array[];
  /** Length of the pooled histograms (0 before the first tree). */
  histLength: number;
}

/** Scratch space for the trees of one fit on up to `n` rows, over this thread's reused memory (see data/scratch). */
export function fitScratch(n: number, classification: boolean): GrowScratch {
  return {
    rows: scratchInt32('forest.partition.rows', n),
    weights: scratchFloat64('forest.partition.weights', n),
    y: classification ? scratchInt32('forest.partition.y', n) : scratchFloat64('forest.partition.yValue', n),
    hists: [],
    has: [],
    histLength: 0,
  };
}

/** Partitions rows [start, end) with class codes; fills `totL` / `totR` ([count, w_class…]); returns the split point. */
export function partitionClassRows(
  codes: Uint8Array,
  base: number,
  bin: number,
  rows: Int32Array,
  weights: Float64Array,
  yc: Int32Array,
  start: number,
  end: number,
  scratch: GrowScratch,
  totL: Float64Array,
  totR: Float64Array,
): number {
  const sRows = scratch.rows;
  const sW = scratch.weights;
  const sY = scratch.y as Int32Array;
  const l = partitionClassLoop(codes, base, bin, rows, weights, yc, start, end, sRows, sW, sY, totL, totR);
  const r = end - l;
  rows.set(sRows.subarray(0, r), l);
  weights.set(sW.subarray(0, r), l);
  yc.set(sY.subarray(0, r), l);
  totL[0] = l - start;
  totR[0] = end - l;
  return l;
}

/**
 * The loop of `partitionClassRows`, alone in its function (docs/contributing.md, "Hot code that V8 keeps
 * optimized"): with the copy-back after it, it deoptimized ~1,150 times per pool thread.
 */
function partitionClassLoop(
  codes: Uint8Array,
  base: number,
  bin: number,
  rows: Int32Array,
  weights: Float64Array,
  yc: Int32Array,
  start: number,
  end: number,
  sRows: Int32Array,
  sW: Float64Array,
  sY: Int32Array,
  totL: Float64Array,
  totR: Float64Array,
): number {
  let l = start;
  let r = 0;
  for (let i = start; i < end; i++) {
    const row = rows[i]!;
    const w = weights[i]!;
    const y = yc[i]!;
    const g = 1 - ((bin - codes[base + row]!) >>> 31);
    rows[l] = row;
    weights[l] = w;
    yc[l] = y;
    sRows[r] = row;
    sW[r] = w;
    sY[r] = y;
    totL[1 + y] += g * w;
    totR[1 + y] += (1 - g) * w;
    l += g;
    r += 1 - g;
  }
  return l;
}

/**
 * Partitions rows [start, end) with regression targets; fills `totL` / `totR` ([count, Σw, Σwy])
 * and `sq` ([Σwy² left, Σwy² right]); returns the split point.
 */
export function partitionRegressionRows(
  codes: Uint8Array,
  base: number,
  bin: number,
  rows: Int32Array,
  weights: Float64Array,
  yv: Float64Array,
  start: number,
  end: number,
  scratch: GrowScratch,
  totL: Float64Array,
  totR: Float64Array,
  sq: Float64Array,
): number {
  const sRows = scratch.rows;
  const sW = scratch.weights;
  const sY = scratch.y as Float64Array;
  let l = start;
  let r = 0;
  let wL = 0;
  let wR = 0;
  let syL = 0;
  let syR = 0;
  let sqL = 0;
  let sqR = 0;
  for (let i = start; i < end; i++) {
    const row = rows[i]!;
    const w = weights[i]!;
    const y = yv[i]!;
    const g = 1 - ((bin - codes[base + row]!) >>> 31);
    const gr = 1 - g;
    rows[l] = row;
    weights[l] = w;
    yv[l] = y;
    sRows[r] = row;
    sW[r] = w;
    sY[r] = y;
    const wy = w * y;
    wL += g * w;
    wR += gr * w;
    syL += g * wy;
    syR += gr * wy;
    sqL += g * wy * y;
    sqR += gr * wy * y;
    l += g;
    r += gr;
  }
  rows.set(sRows.subarray(0, r), l);
  weights.set(sW.subarray(0, r), l);
  yv.set(sY.subarray(0, r), l);
  totL[0] = l - start;
  totL[1] = wL;
  totL[2] = syL;
  totR[0] = end - l;
  totR[1] = wR;
  totR[2] = syR;
  sq[0] = sqL;
  sq[1] = sqR;
  return l;
}
