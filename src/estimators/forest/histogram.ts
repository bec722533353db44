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

/** Adds rows [start, end) (class codes `yc`) of the feature whose codes start at `base` into `h` at `ho`. */
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
  let lo = 255;
  let hi = 0;
  let i = start;
  const paired = end - start >= PAIRED_MIN_ROWS;
  if (paired) {
    for (; i + 1 < end; i += 2) {
      const p = ho + codes[base + rows[i]!]! * S;
      h[p] += 1;
      h[p + 1 + yc[i]!] += weights[i]!;
      const q = codes[base + rows[i + 1]!]! * S;
      h2[q] += 1;
      h2[q + 1 + yc[i + 1]!] += weights[i + 1]!;
    }
  }
  for (; i < end; i++) {
    const c = codes[base + rows[i]!]!;
    if (c < lo) lo = c;
    if (c > hi) hi = c;
    const p = ho + c * S;
    h[p] += 1;
    h[p + 1 + yc[i]!] += weights[i]!;
  }
  return mergeAndRange(h, ho, h2, S, nb, lo, hi, paired);
}

/** Adds rows [start, end) (targets `yv`) of the feature whose codes start at `base` into `h` at `ho`. */
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
  let lo = 255;
  let hi = 0;
  let i = start;
  const paired = end - start >= PAIRED_MIN_ROWS;
  if (paired) {
    for (; i + 1 < end; i += 2) {
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
  for (; i < end; i++) {
    const c = codes[base + rows[i]!]!;
    if (c < lo) lo = c;
    if (c > hi) hi = c;
    const p = ho + c * 3;
    const w = weights[i]!;
    h[p] += 1;
    h[p + 1] += w;
    h[p + 2] += w * yv[i]!;
  }
  return mergeAndRange(h, ho, h2, 3, nb, lo, hi, paired);
}
