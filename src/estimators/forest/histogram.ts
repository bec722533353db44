/**
 * Per-node bin histograms: one gather over a node's rows for one feature. Classification
 * bins hold `[count, w_class0, …]` (S = K + 1 numbers), regression bins `[count, Σw, Σwy]`.
 * Large nodes alternate rows between `h` and the all-zero scratch `h2` (merged at the end):
 * consecutive rows often hit the same bin, and two buffers break that read-modify-write chain
 * (~12% faster fits on airline). Both return the occupied bin range as `first << 8 | last`.
 */

const PAIRED_MIN_ROWS = 256;

/** Merges `h2` into `h` (and re-zeroes it), then returns the occupied range of `h`. */
function mergeAndRange(h: Float64Array, ho: number, h2: Float64Array, S: number, nb: number, lo: number, hi: number, paired: boolean): number {
  if (paired) {
    for (let b = 0; b < nb; b++) {
      const q = b * S;
      if (h2[q] === 0) continue;
      for (let k = 0; k < S; k++) {
        h[ho + q + k] += h2[q + k]!;
        h2[q + k] = 0;
      }
    }
    for (let b = 0; b < lo; b++)
      if (h[ho + b * S] !== 0) {
        lo = b;
        break;
      }
    for (let b = nb - 1; b > hi; b--)
      if (h[ho + b * S] !== 0) {
        hi = b;
        break;
      }
  }
  return (lo << 8) | hi;
}

/**
 * Adds rows [start, end) (class codes `yc`) of the feature whose codes start at `base` into `h` at `ho`.
 * Each loop is alone in its function (docs/contributing.md, "Hot code that V8 keeps optimized": ~60
 * deoptimizations per pool thread when both loops and the merge shared one).
 */
export function gatherClassHistogram(
  h: Float64Array,
  ho: number,
  h2: Float64Array,
  S: number,
  nb: number,
  codes: Uint8Array,
  base: number,
  rows: Int32Array,
  yc: Int32Array,
  weights: Float64Array,
  start: number,
  end: number,
): number {
  if (end - start < PAIRED_MIN_ROWS) return gatherClassRange(h, ho, S, codes, base, rows, yc, weights, start, end);
  const pairsEnd = start + ((end - start) & ~1);
  gatherClassPairs(h, ho, h2, S, codes, base, rows, yc, weights, start, pairsEnd);
  // an odd last row goes into h (the merge finds the occupied range)
  if (pairsEnd < end) gatherClassRange(h, ho, S, codes, base, rows, yc, weights, pairsEnd, end);
  return mergeAndRange(h, ho, h2, S, nb, 255, 0, true);
}

/** Rows [start, end) (an even count) alternately into `h` and `h2`. */
function gatherClassPairs(
  h: Float64Array,
  ho: number,
  h2: Float64Array,
  S: number,
  codes: Uint8Array,
  base: number,
  rows: Int32Array,
  yc: Int32Array,
  weights: Float64Array,
  start: number,
  end: number,
): void {
  for (let i = start; i < end; i += 2) {
    const p = ho + codes[base + rows[i]!]! * S;
    h[p] += 1;
    h[p + 1 + yc[i]!] += weights[i]!;
    const q = codes[base + rows[i + 1]!]! * S;
    h2[q] += 1;
    h2[q + 1 + yc[i + 1]!] += weights[i + 1]!;
  }
}

/** Rows [start, end) into `h`; returns their occupied bin range as `first << 8 | last`. */
function gatherClassRange(
  h: Float64Array,
  ho: number,
  S: number,
  codes: Uint8Array,
  base: number,
  rows: Int32Array,
  yc: Int32Array,
  weights: Float64Array,
  start: number,
  end: number,
): number {
  let lo = 255;
  let hi = 0;
  for (let i = start; i < end; i++) {
    const c = codes[base + rows[i]!]!;
    if (c < lo) lo = c;
    if (c > hi) hi = c;
    const p = ho + c * S;
    h[p] += 1;
    h[p + 1 + yc[i]!] += weights[i]!;
  }
  // fewer than PAIRED_MIN_ROWS rows: too short a loop for V8 to replace while running, so this line has run before it is optimized
  return (lo << 8) | hi;
}

/** Adds rows [start, end) (targets `yv`) of the feature whose codes start at `base` into `h` at `ho` (loops as in gatherClassHistogram). */
export function gatherRegressionHistogram(
  h: Float64Array,
  ho: number,
  h2: Float64Array,
  nb: number,
  codes: Uint8Array,
  base: number,
  rows: Int32Array,
  yv: Float64Array,
  weights: Float64Array,
  start: number,
  end: number,
): number {
  if (end - start < PAIRED_MIN_ROWS) return gatherRegressionRange(h, ho, codes, base, rows, yv, weights, start, end);
  const pairsEnd = start + ((end - start) & ~1);
  gatherRegressionPairs(h, ho, h2, codes, base, rows, yv, weights, start, pairsEnd);
  if (pairsEnd < end) gatherRegressionRange(h, ho, codes, base, rows, yv, weights, pairsEnd, end);
  return mergeAndRange(h, ho, h2, 3, nb, 255, 0, true);
}

/** Rows [start, end) (an even count) alternately into `h` and `h2`. */
function gatherRegressionPairs(
  h: Float64Array,
  ho: number,
  h2: Float64Array,
  codes: Uint8Array,
  base: number,
  rows: Int32Array,
  yv: Float64Array,
  weights: Float64Array,
  start: number,
  end: number,
): void {
  for (let i = start; i < end; i += 2) {
    const p = ho + codes[base + rows[i]!]! * 3;
    const w0 = weights[i]!;
    h[p] += 1;
    h[p + 1] += w0;
    h[p + 2] += w0 * yv[i]!;
    const q = codes[base + rows[i + 1]!]! * 3;
    const w1 = weights[i + 1]!;
    h2[q] += 1;
    h2[q + 1] += w1;
    h2[q + 2] += w1 * yv[i + 1]!;
  }
}

/** Rows [start, end) into `h`; returns their occupied bin range as `first << 8 | last`. */
function gatherRegressionRange(
  h: Float64Array,
  ho: number,
  codes: Uint8Array,
  base: number,
  rows: Int32Array,
  yv: Float64Array,
  weights: Float64Array,
  start: number,
  end: number,
): number {
  let lo = 255;
  let hi = 0;
  for (let i = start; i < end; i++) {
    const c = codes[base + rows[i]!]!;
    if (c < lo) lo = c;
    if (c > hi) hi = c;
    const p = ho + c * 3;
    const w = weights[i]!;
    h[p] += 1;
    h[p + 1] += w;
    h[p + 2] += w * yv[i]!;
  }
  return (lo << 8) | hi;
}

/** h[p] = a[p] − b[p] for p in [from, to) (see subtractHistogram). */
function subtractRange(h: Float64Array, a: Float64Array, b: Float64Array, from: number, to: number): void {
  for (let p = from; p < to; p++) h[p] = a[p]! - b[p]!;
}

/**
 * The larger child's histogram of one feature (bins `ho`.., parent's occupied bins lo..hi):
 * parent − smaller sibling, with the occupied range trimmed to its non-empty bins. Bins trimmed
 * off the range may hold float residue of weights: they are cleared. Returns `first << 8 | last`.
 * The subtraction loop is alone in its function (docs/contributing.md, "Hot code that V8 keeps optimized":
 * ~20 deoptimizations per pool thread before).
 */
export function subtractHistogram(h: Float64Array, a: Float64Array, b: Float64Array, ho: number, S: number, lo: number, hi: number): number {
  subtractRange(h, a, b, ho + lo * S, ho + (hi + 1) * S);
  const first = lo;
  const last = hi;
  while (lo < hi && h[ho + lo * S] === 0) lo++;
  while (hi > lo && h[ho + hi * S] === 0) hi--;
  h.fill(0, ho + first * S, ho + lo * S);
  h.fill(0, ho + (hi + 1) * S, ho + (last + 1) * S);
  return (lo << 8) | hi;
}
