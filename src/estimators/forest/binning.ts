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

/** A feature's sampled values as sorted distinct values with cumulative counts (`cum[i]`: sampled values ≤ `distinct[i]`). */
interface ValueCounts {
  distinct: Float64Array;
  cum: Int32Array;
  /** Number of sampled values. */
  n: number;
}

/** The counts of `sample` from a sort (any number of distinct values; sorts `sample` in place). */
function countsBySort(sample: Float64Array): ValueCounts {
  sample.sort();
  const n = sample.length;
  const distinct = new Float64Array(n);
  const cum = new Int32Array(n);
  let d = 0;
  for (let i = 0; i < n; i++) {
    if (i === 0 || sample[i] !== sample[i - 1]) distinct[d++] = sample[i]!;
    cum[d - 1] = i + 1;
  }
  return { distinct: distinct.slice(0, d), cum: cum.slice(0, d), n };
}

/** Distinct values up to which a feature's sample is counted in a hash table rather than sorted. */
const COUNTED_DISTINCT = 4096;
/** Slots of that table: a power of two, at most half full. */
const COUNT_SLOTS = 2 * COUNTED_DISTINCT;
const countKeys = new Float64Array(COUNT_SLOTS);
const countValues = new Int32Array(COUNT_SLOTS);
const bits = new Float64Array(1);
const bitsWords = new Uint32Array(bits.buffer);

/**
 * The counts of `sample` from an open-addressing hash table on the values' bits, when it holds
 * at most COUNTED_DISTINCT distinct values (most tabular features: months, airports, hours):
 * on airline a tenth of the time of the sort it replaces. Undefined when there are more.
 * -0 counts as 0, as in the sort (where they are equal, and the edges come out the same).
 */
function countsByHash(sample: Float64Array): ValueCounts | undefined {
  const d = countDistinct(sample);
  if (d < 0) return undefined;
  const distinct = tableKeys(d);
  distinct.sort();
  return { distinct, cum: cumulativeCounts(distinct), n: sample.length };
}

// countsByHash's loops are each alone in a function (docs/contributing.md, "Hot code that V8 keeps optimized"):
// in one function V8 replaced it while the counting loop ran and deoptimized it after each loop (~9 times in the
// thread binning airline, on the path to a search's first fit).

/** Slot of value v's probe sequence start. */
function slotOf(v: number, mask: number): number {
  bits[0] = v;
  return (Math.imul(bitsWords[0]! ^ Math.imul(bitsWords[1]!, 0x9e3779b1), 0x85ebca6b) >>> 19) & mask;
}

/** Counts the sample's values into the table; returns how many are distinct, or −1 past COUNTED_DISTINCT. */
function countDistinct(sample: Float64Array): number {
  countValues.fill(0);
  const mask = COUNT_SLOTS - 1;
  let d = 0;
  for (let i = 0; i < sample.length; i++) {
    const v = sample[i]! === 0 ? 0 : sample[i]!;
    let h = slotOf(v, mask);
    for (;;) {
      const c = countValues[h]!;
      if (c === 0) {
        if (d === COUNTED_DISTINCT) return -1;
        countKeys[h] = v;
        countValues[h] = 1;
        d++;
        break;
      }
      if (countKeys[h] === v) {
        countValues[h] = c + 1;
        break;
      }
      h = (h + 1) & mask;
    }
  }
  return d;
}

/** The table's d values, in slot order. */
function tableKeys(d: number): Float64Array {
  const distinct = new Float64Array(d);
  for (let h = 0, k = 0; h < COUNT_SLOTS; h++) if (countValues[h]! > 0) distinct[k++] = countKeys[h]!;
  return distinct;
}

/** cum[k]: sampled values ≤ distinct[k] (sorted), from the table's counts. */
function cumulativeCounts(distinct: Float64Array): Int32Array {
  const mask = COUNT_SLOTS - 1;
  const cum = new Int32Array(distinct.length);
  let total = 0;
  for (let k = 0; k < distinct.length; k++) {
    const v = distinct[k]!;
    let h = slotOf(v, mask);
    while (countKeys[h] !== v || countValues[h] === 0) h = (h + 1) & mask;
    cum[k] = total += countValues[h]!;
  }
  return cum;
}

/** The k-th smallest sampled value (0-based). */
function orderStatistic(c: ValueCounts, k: number): number {
  let lo = 0;
  let hi = c.cum.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (c.cum[mid]! > k) hi = mid;
    else lo = mid + 1;
  }
  return c.distinct[lo]!;
}

/** Midpoint between the largest distinct value ≤ t and the next one (t snapped between two data values). */
function snap(distinct: Float64Array, t: number): number {
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
 * Upper edges of one feature's bins (without the final +Infinity), from its sampled values.
 * Few distinct values: one bin each, edges at midpoints (the thresholds an exact CART tries).
 * Otherwise half the edges are quantiles and half are evenly spaced over the value range, each
 * snapped to a midpoint between two data values: quantiles alone lump a sparse tail (e.g. the
 * 0.3% of flights leaving before 4:30) into one bin and hide splits that exact CART finds.
 */
function featureEdges(c: ValueCounts, maxBins: number): number[] {
  const { distinct, n } = c;
  if (distinct.length <= maxBins) {
    const edges: number[] = [];
    for (let i = 0; i + 1 < distinct.length; i++) edges.push((distinct[i]! + distinct[i + 1]!) / 2);
    return edges;
  }
  const nQuantile = Math.ceil((maxBins - 1) / 2);
  const nUniform = maxBins - 1 - nQuantile;
  const candidates: number[] = [];
  for (let k = 1; k <= nQuantile; k++) candidates.push(snap(distinct, orderStatistic(c, Math.floor((k * (n - 1)) / (nQuantile + 1)))));
  const lo = distinct[0]!;
  const hi = distinct[distinct.length - 1]!;
  for (let k = 1; k <= nUniform; k++) candidates.push(snap(distinct, lo + ((hi - lo) * k) / (nUniform + 1)));
  candidates.sort((a, b) => a - b);
  const edges: number[] = [];
  for (const e of candidates) if (e < hi && (edges.length === 0 || e > edges[edges.length - 1]!)) edges.push(e);
  return edges;
}

/** Buckets of the table that finds a value's bin (per feature; a few comparisons instead of a binary search). */
const LOOKUP_BUCKETS = 2048;

/**
 * Where to start looking for the first edge ≥ v among a feature's sorted `edges`: entry j is
 * the first edge ≥ edges[0] + j / scale, for v in bucket j = floor((v − edges[0]) × scale). A
 * short walk from there settles the code exactly (the table only decides where the walk starts,
 * so rounding in it cannot change a code). scale is 0 when there are fewer than two edges.
 */
function lookupTable(edges: Float64Array): { start: Int32Array; scale: number } {
  const ne = edges.length;
  const start = new Int32Array(LOOKUP_BUCKETS + 1);
  const span = ne > 1 ? edges[ne - 1]! - edges[0]! : 0;
  if (!(span > 0 && Number.isFinite(span))) return { start, scale: 0 };
  const scale = LOOKUP_BUCKETS / span;
  for (let j = 0, i = 0; j <= LOOKUP_BUCKETS; j++) {
    const at = edges[0]! + j / scale;
    while (i < ne && edges[i]! < at) i++;
    start[j] = i;
  }
  return { start, scale };
}

/** Work memory for the sampled values of a group of features (binMatrix reads the sampled rows once per group). */
const SAMPLE_GROUP_BYTES = 32 * 2 ** 20;

/** Rows binned per block: the block's slice of the row-major X stays in cache while each feature reads it. */
const ROW_BLOCK = 4096;

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
  // the sampled rows are read once for a group of features (one pass over X per group, not per feature:
  // airline's 11 features, ~30 ms less), within SAMPLE_GROUP_BYTES of work memory
  const group = Math.max(1, Math.min(cols, Math.floor(SAMPLE_GROUP_BYTES / (8 * nSample))));
  const grouped = new Float64Array(group * nSample);
  for (let g0 = 0; g0 < cols; g0 += group) {
    const g1 = Math.min(cols, g0 + group);
    gatherSample(grouped, data, cols, g0, g1, nSample, stride);
    for (let f = g0; f < g1; f++) {
      // feature f's sample, read in place (countsBySort sorts it: it is not read again)
      const sample = grouped.subarray((f - g0) * nSample, (f - g0 + 1) * nSample);
      const nan = firstNaN(sample);
      if (nan >= 0) throw new ValidationError(`forest: X has NaN at row ${Math.floor(nan * stride)}, column ${f}; impute missing values first`);
      edgeLists.push(featureEdges(countsByHash(sample) ?? countsBySort(sample), maxBins));
    }
  }
  const binOffsets = new Int32Array(cols + 1);
  for (let f = 0; f < cols; f++) binOffsets[f + 1] = binOffsets[f]! + edgeLists[f]!.length + 1;
  const total = binOffsets[cols]!;
  const upper = new Float64Array(total);
  const low = new Float64Array(total).fill(Infinity);
  const high = new Float64Array(total).fill(-Infinity);
  const tables = edgeLists.map((e) => Float64Array.from(e));
  const lookups = tables.map(lookupTable);
  for (let f = 0; f < cols; f++) {
    const o = binOffsets[f]!;
    const e = edgeLists[f]!;
    for (let b = 0; b < e.length; b++) upper[o + b] = e[b]!;
    upper[o + e.length] = Infinity;
  }
  for (let r0 = 0; r0 < rows; r0 += ROW_BLOCK) {
    const r1 = Math.min(rows, r0 + ROW_BLOCK);
    for (let f = 0; f < cols; f++) {
      const { start, scale } = lookups[f]!;
      const r = codeRows(data, cols, rows, f, r0, r1, tables[f]!, start, scale, codes, binOffsets[f]!, low, high);
      if (r >= 0) throw new ValidationError(`forest: X has NaN at row ${r}, column ${f}; impute missing values first`);
    }
  }
  return { rows, cols, maxBins, codes, binOffsets, upper, low, high };
}

// binMatrix's loops are each alone in a function (docs/contributing.md, "Hot code that V8 keeps optimized"): in
// one function V8 replaced it while a loop ran and deoptimized it after the loop (~6 times in the pool thread that
// bins airline, on the way to a search's first fit).

/** The strided sample's values of features g0 … g1 − 1, one run of `nSample` per feature, into `grouped`. */
function gatherSample(grouped: Float64Array, data: Float64Array, cols: number, g0: number, g1: number, nSample: number, stride: number): void {
  for (let k = 0; k < nSample; k++) {
    const at = Math.floor(k * stride) * cols;
    for (let f = g0; f < g1; f++) grouped[(f - g0) * nSample + k] = data[at + f]!;
  }
}

/** The index of the first NaN in `values`, or −1. */
function firstNaN(values: Float64Array): number {
  for (let k = 0; k < values.length; k++) if (Number.isNaN(values[k]!)) return k;
  return -1;
}

/**
 * Codes rows r0 … r1 − 1 of feature f (the first edge ≥ each value: from the lookup table's bucket, then a walk)
 * into `codes`, widening the bins' low / high; returns the first row holding NaN, or −1.
 */
function codeRows(
  data: Float64Array,
  cols: number,
  rows: number,
  f: number,
  r0: number,
  r1: number,
  edges: Float64Array,
  start: Int32Array,
  scale: number,
  codes: Uint8Array,
  o: number,
  low: Float64Array,
  high: Float64Array,
): number {
  const ne = edges.length;
  const first = ne > 0 ? edges[0]! : 0;
  const base = f * rows;
  for (let r = r0; r < r1; r++) {
    const v = data[r * cols + f]!;
    if (Number.isNaN(v)) return r;
    let j = Math.floor((v - first) * scale);
    if (!(j >= 0)) j = 0;
    else if (j > LOOKUP_BUCKETS) j = LOOKUP_BUCKETS;
    let c = start[j]!;
    while (c < ne && edges[c]! < v) c++;
    while (c > 0 && edges[c - 1]! >= v) c--;
    codes[base + r] = c;
    const k = o + c;
    if (v < low[k]!) low[k] = v;
    if (v > high[k]!) high[k] = v;
  }
  return -1;
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
