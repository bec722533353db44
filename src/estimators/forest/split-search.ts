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
 * Evaluates the splits "bin ≤ b" of one feature (bins `ho`.. in `h`, empty below `fromBin`) for
 * a node whose totals are `tot` (S numbers). Only bins in [loBin, hiBin] are candidates (the random
 * splitter passes a single bin). Updates `best` when a split beats it. `left` is a scratch
 * array of length S. One fused pass per bin: the left sums, and both sides' terms.
 */
export function scanFeature(
  criterion: number,
  h: Float64Array,
  ho: number,
  S: number,
  tot: Float64Array,
  minLeaf: number,
  minLeafWeight: number,
  f: number,
  fromBin: number,
  loBin: number,
  hiBin: number,
  best: SplitCandidate,
  left: Float64Array,
): void {
  left.fill(0);
  const n = tot[0]!;
  let wTot = 0;
  if (criterion === SQUARED_ERROR) wTot = tot[1]!;
  else for (let k = 1; k < S; k++) wTot += tot[k]!;
  for (let b = fromBin; b <= hiBin; b++) {
    const p = ho + b * S;
    if (h[p] === 0) continue;
    if (b < loBin) {
      for (let k = 0; k < S; k++) left[k] += h[p + k]!;
      continue;
    }
    const nL = (left[0] += h[p]!);
    if (criterion === SQUARED_ERROR) {
      const wL = (left[1] += h[p + 1]!);
      const sL = (left[2] += h[p + 2]!);
      if (nL < minLeaf) continue;
      if (n - nL < minLeaf || nL === n) break;
      const wR = wTot - wL;
      if (minLeafWeight > 0 && (wL < minLeafWeight || wR < minLeafWeight)) continue;
      const sR = tot[2]! - sL;
      const proxy = (sL * sL) / wL + (sR * sR) / wR;
      if (proxy > best.proxy) {
        best.proxy = proxy;
        best.feature = f;
        best.bin = b;
      }
      continue;
    }
    let wL = 0;
    let tL = 0;
    let tR = 0;
    if (criterion === GINI) {
      for (let k = 1; k < S; k++) {
        const l = (left[k] += h[p + k]!);
        const r = tot[k]! - l;
        wL += l;
        tL += l * l;
        tR += r * r;
      }
    } else {
      for (let k = 1; k < S; k++) {
        left[k] += h[p + k]!;
        wL += left[k]!;
      }
    }
    if (nL < minLeaf) continue;
    if (n - nL < minLeaf || nL === n) break;
    const wR = wTot - wL;
    if (wL <= 0 || wR <= 0 || (minLeafWeight > 0 && (wL < minLeafWeight || wR < minLeafWeight))) continue;
    let proxy: number;
    if (criterion === GINI) {
      proxy = tL / wL + tR / wR;
    } else {
      for (let k = 1; k < S; k++) {
        const l = left[k]!;
        const r = tot[k]! - l;
        if (l > 0) tL += l * Math.log(l / wL);
        if (r > 0) tR += r * Math.log(r / wR);
      }
      proxy = tL + tR;
    }
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
