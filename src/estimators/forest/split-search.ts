/**
 * Split search over one feature's bin histogram. A histogram holds `S` numbers per bin:
 * classification `[count, w_class0, …, w_classK-1]` (S = K + 1), regression
 * `[count, Σw, Σwy]` (S = 3). `count` is the unweighted number of rows (exact integers,
 * used for `minSamplesLeaf` and emptiness); the weights include bootstrap counts and
 * class weights.
 */

/** Criterion codes used by the builder's hot loops. */
export const GINI = 0;
export const ENTROPY = 1;
export const SQUARED_ERROR = 2;

/** The best split found so far for a node (mutated in place by `scanFeature`). */
export interface SplitCandidate {
  feature: number;
  bin: number;
  /** Proxy improvement (larger is better); comparable between features of one node. */
  proxy: number;
}

/** Proxy of a (left, right) partition: sum of per-side terms, larger = purer children. */
export function sideTerm(criterion: number, stats: Float64Array, o: number, S: number): number {
  if (criterion === SQUARED_ERROR) {
    const w = stats[o + 1]!;
    const s = stats[o + 2]!;
    return (s * s) / w;
  }
  let w = 0;
  for (let k = 1; k < S; k++) w += stats[o + k]!;
  if (w <= 0) return 0;
  let t = 0;
  if (criterion === GINI) {
    for (let k = 1; k < S; k++) {
      const c = stats[o + k]!;
      t += c * c;
    }
    return t / w;
  }
  for (let k = 1; k < S; k++) {
    const c = stats[o + k]!;
    if (c > 0) t += c * Math.log(c / w);
  }
  return t;
}

/**
 * Evaluates the splits "bin ≤ b" of one feature (bins `ho`.. in `h`, `nb` bins) for a
 * node whose totals are `tot` (S numbers at offset 0). `lo`/`hi` limit the candidate
 * bins (the random splitter passes a single bin). Updates `best` when a split beats it.
 * `left` and `right` are scratch arrays of length S.
 */
export function scanFeature(
  criterion: number, h: Float64Array, ho: number, S: number, tot: Float64Array,
  minLeaf: number, minLeafWeight: number, f: number, loBin: number, hiBin: number,
  best: SplitCandidate, left: Float64Array, right: Float64Array,
): void {
  left.fill(0);
  const n = tot[0]!;
  for (let b = 0; b <= hiBin; b++) {
    const p = ho + b * S;
    const c = h[p]!;
    if (c === 0) continue;
    for (let k = 0; k < S; k++) left[k] += h[p + k]!;
    if (b < loBin) continue;
    const nL = left[0]!;
    if (nL < minLeaf) continue;
    if (n - nL < minLeaf) break;
    if (nL === n) break;
    for (let k = 0; k < S; k++) right[k] = tot[k]! - left[k]!;
    if (minLeafWeight > 0 && (weightOf(criterion, left, S) < minLeafWeight || weightOf(criterion, right, S) < minLeafWeight)) continue;
    const proxy = sideTerm(criterion, left, 0, S) + sideTerm(criterion, right, 0, S);
    if (proxy > best.proxy) {
      best.proxy = proxy;
      best.feature = f;
      best.bin = b;
    }
  }
}

/** Total weight of a stats vector. */
export function weightOf(criterion: number, stats: Float64Array, S: number): number {
  if (criterion === SQUARED_ERROR) return stats[1]!;
  let w = 0;
  for (let k = 1; k < S; k++) w += stats[k]!;
  return w;
}

/** Node impurity from its totals: Gini, entropy (bits) or variance, as scikit-learn reports. */
export function impurityOf(criterion: number, tot: Float64Array, S: number, sumSq: number): number {
  const w = weightOf(criterion, tot, S);
  if (w <= 0) return 0;
  if (criterion === SQUARED_ERROR) {
    const m = tot[2]! / w;
    return Math.max(0, sumSq / w - m * m);
  }
  let g = 0;
  for (let k = 1; k < S; k++) {
    const p = tot[k]! / w;
    if (criterion === GINI) g += p * p;
    else if (p > 0) g -= p * Math.log2(p);
  }
  return criterion === GINI ? 1 - g : g;
}
