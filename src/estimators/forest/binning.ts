import type { DataSet, DerivedPayload } from '../../data/dataset.js';
import type { Matrix } from '../../data/matrix.js';
import { ValidationError } from '../../errors.js';
import { sharedUint8 } from '../../data/shared-memory.js';

/** Rows used to find the quantile edges of a feature (a strided subsample beyond this). */
const QUANTILE_SAMPLE = 200_000;

/**
 * A data set's features as quantile-bin codes: what the histogram split search reads.
 * `codes` is column-major (`codes[f * rows + r]`), one byte per value, so a node's
 * histogram for one feature is a gather over a single contiguous column.
 * Bin `b` of feature `f` holds the values in (`upper[o + b - 1]`, `upper[o + b]`] with
 * `o = binOffsets[f]`; the last bin's upper edge is +Infinity.
 */
export interface BinnedMatrix {
  readonly rows: number;
  readonly cols: number;
  readonly maxBins: number;
  /** Column-major bin codes, rows × cols bytes. Read-only (may live in a SharedArrayBuffer). */
  readonly codes: Uint8Array;
  /** Start of feature f's bins in `upper` / `low` / `high`; length cols + 1. */
  readonly binOffsets: Int32Array;
  /** Upper edge (threshold) of every bin: a value goes to the first bin whose edge is ≥ it. */
  readonly upper: Float64Array;
  /** Smallest and largest value seen in every bin (ExtraTrees draws thresholds between them). */
  readonly low: Float64Array;
  readonly high: Float64Array;
}

/** The `data.derived` key of the binned payload for `maxBins`. */
export function binsKey(maxBins: number): string {
  return `forest-bins:${maxBins}`;
}

/** Midpoint between the largest distinct value ≤ t and the next one (t snapped between two data values). */
function snap(distinct: number[], t: number): number {
  let lo = 0;
  let hi = distinct.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (distinct[mid]! <= t) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1 < distinct.length ? (distinct[lo]! + distinct[lo + 1]!) / 2 : distinct[lo]!;
}

/**
 * Upper edges of one feature's bins (without the final +Infinity), from its sorted values.
 * Few distinct values: one bin each, edges at midpoints (the thresholds an exact CART tries).
 * Otherwise half the edges are quantiles and half are evenly spaced over the value range, each
 * snapped to a midpoint between two data values: quantiles alone lump a sparse tail (e.g. the
 * 0.3% of flights leaving before 4:30) into one bin and hide splits that exact CART finds.
 */
function featureEdges(sorted: Float64Array, maxBins: number): number[] {
  const distinct: number[] = [];
  for (let i = 0; i < sorted.length; i++) {
    if (i === 0 || sorted[i] !== sorted[i - 1]) distinct.push(sorted[i]!);
  }
  if (distinct.length <= maxBins) {
    const edges: number[] = [];
    for (let i = 0; i + 1 < distinct.length; i++) edges.push((distinct[i]! + distinct[i + 1]!) / 2);
    return edges;
  }
  const n = sorted.length;
  const nQuantile = Math.ceil((maxBins - 1) / 2);
  const nUniform = maxBins - 1 - nQuantile;
  const candidates: number[] = [];
  for (let k = 1; k <= nQuantile; k++) candidates.push(snap(distinct, sorted[Math.floor((k * (n - 1)) / (nQuantile + 1))]!));
  const lo = distinct[0]!;
  const hi = distinct[distinct.length - 1]!;
  for (let k = 1; k <= nUniform; k++) candidates.push(snap(distinct, lo + ((hi - lo) * k) / (nUniform + 1)));
  candidates.sort((a, b) => a - b);
  const edges: number[] = [];
  for (const e of candidates) if (e < hi && (edges.length === 0 || e > edges[edges.length - 1]!)) edges.push(e);
  return edges;
}

/**
 * Bins every feature of X into at most `maxBins` quantile bins (≤ 255, one byte each).
 * Distinct values get a bin each when there are few enough (edges at midpoints).
 * Hand-written: no npm package bins a float matrix into byte codes with real-valued edges.
 */
export function binMatrix(X: Matrix, maxBins = 255): BinnedMatrix {
  if (!Number.isInteger(maxBins) || maxBins < 2 || maxBins > 255) {
    throw new ValidationError(`maxBins must be an integer in [2, 255], got ${String(maxBins)}`);
  }
  const { rows, cols, data } = X;
  if (rows === 0) throw new ValidationError('forest: cannot bin an empty data set (0 rows)');
  // shared memory: the thread pool hands the binned matrix to its threads without a copy
  const codes = sharedUint8(rows * cols);
  const edgeLists: number[][] = [];
  const stride = rows > QUANTILE_SAMPLE ? rows / QUANTILE_SAMPLE : 1;
  const nSample = Math.min(rows, QUANTILE_SAMPLE);
  const sample = new Float64Array(nSample);
  for (let f = 0; f < cols; f++) {
    for (let k = 0; k < nSample; k++) {
      const v = data[Math.floor(k * stride) * cols + f]!;
      if (Number.isNaN(v)) throw new ValidationError(`forest: X has NaN at row ${Math.floor(k * stride)}, column ${f}; impute missing values first`);
      sample[k] = v;
    }
    sample.sort();
    edgeLists.push(featureEdges(sample, maxBins));
  }
  const binOffsets = new Int32Array(cols + 1);
  for (let f = 0; f < cols; f++) binOffsets[f + 1] = binOffsets[f]! + edgeLists[f]!.length + 1;
  const total = binOffsets[cols]!;
  const upper = new Float64Array(total);
  const low = new Float64Array(total).fill(Infinity);
  const high = new Float64Array(total).fill(-Infinity);
  for (let f = 0; f < cols; f++) {
    const o = binOffsets[f]!;
    const e = edgeLists[f]!;
    const ne = e.length;
    for (let b = 0; b < ne; b++) upper[o + b] = e[b]!;
    upper[o + ne] = Infinity;
    const edges = Float64Array.from(e);
    const base = f * rows;
    for (let r = 0; r < rows; r++) {
      const v = data[r * cols + f]!;
      if (Number.isNaN(v)) throw new ValidationError(`forest: X has NaN at row ${r}, column ${f}; impute missing values first`);
      // First edge ≥ v (binary search).
      let lo = 0;
      let hi = ne;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (edges[mid]! < v) lo = mid + 1;
        else hi = mid;
      }
      codes[base + r] = lo;
      const j = o + lo;
      if (v < low[j]!) low[j] = v;
      if (v > high[j]!) high[j] = v;
    }
  }
  return { rows, cols, maxBins, codes, binOffsets, upper, low, high };
}

/** The binned matrix as a DataSet payload (typed arrays + meta), for `data.derived`. */
export function toPayload(b: BinnedMatrix): DerivedPayload {
  return {
    arrays: { codes: b.codes, binOffsets: b.binOffsets, upper: b.upper, low: b.low, high: b.high },
    meta: { rows: b.rows, cols: b.cols, maxBins: b.maxBins, layout: 'column-major' },
  };
}

/** Reads a payload produced by `toPayload` (its arrays may be SharedArrayBuffer-backed). */
export function fromPayload(p: DerivedPayload): BinnedMatrix {
  const { codes, binOffsets, upper, low, high } = p.arrays;
  if (
    !(codes instanceof Uint8Array) ||
    !(binOffsets instanceof Int32Array) ||
    !(upper instanceof Float64Array) ||
    !(low instanceof Float64Array) ||
    !(high instanceof Float64Array)
  ) {
    throw new ValidationError('forest: the binned payload in data.derived is malformed (expected codes, binOffsets, upper, low, high)');
  }
  return { rows: Number(p.meta.rows), cols: Number(p.meta.cols), maxBins: Number(p.meta.maxBins), codes, binOffsets, upper, low, high };
}

/** The data set's binned matrix for `maxBins`, computed and stored in `data.derived` on first use. */
export function binnedDataSet(data: DataSet, maxBins: number): BinnedMatrix {
  const key = binsKey(maxBins);
  const existing = data.derived.get(key);
  if (existing) return fromPayload(existing);
  const b = binMatrix(data.X, maxBins);
  data.derived.set(key, toPayload(b));
  return b;
}
