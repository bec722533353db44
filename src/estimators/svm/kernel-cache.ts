import type { KernelSpec } from './kernel.js';
import { FLOAT32_ZERO_EXP, dotKernel, type KernelRows } from './kernel-source.js';

/**
 * Per-thread cache of whole kernel matrices (float32, libsvm's Qfloat) over every
 * row of a shared data set, one per kernel setting (for RBF, one per gamma): in a
 * search the fits of every fold and every candidate with that setting read their Q
 * columns from it instead of evaluating exp() per entry per fit. Least recently used
 * matrices are dropped beyond the budget (`SVC.kernelCacheMb`, n² × 4 bytes each).
 */
interface Entry {
  key: string;
  K: Float32Array;
}

/**
 * Default budget of the per-thread kernel-matrix cache, in MB: off. Measured on the seed
 * digits search (inline, two runs each, machine loaded): 64 MB saved 5–10% of CPU time
 * (19.5 s vs 20.7–21.8 s) but raised peak RSS by ~115 MB per thread, which breaks the
 * pool's ≤ 1.5× inline memory target; the Gram matrix shared by every thread already
 * removes the dot products, the part of each kernel entry that costs most.
 */
export const DEFAULT_KERNEL_CACHE_MB = 0;

const entries: Entry[] = [];

function keyOf(dataId: string, k: KernelSpec): string {
  return `${dataId}|${k.kernel}|${k.gamma}|${k.degree}|${k.coef0}`;
}

/** Bytes one cached matrix of `rows` rows takes. */
export function kernelMatrixBytes(rows: number): number {
  return rows * rows * 4;
}

/** Bytes held by this thread's cache now. */
export function kernelCacheBytes(): number {
  return entries.reduce((s, e) => s + e.K.byteLength, 0);
}

/**
 * The float32 kernel matrix of `rows` (which must carry a Gram matrix) for `k`,
 * built on first use; undefined when one matrix exceeds `budgetMb`.
 */
export function kernelMatrix(dataId: string, rows: KernelRows, k: KernelSpec, budgetMb: number): Float32Array | undefined {
  const { gram, sq, n } = rows;
  const bytes = kernelMatrixBytes(n);
  if (!gram || bytes > budgetMb * 1024 * 1024) return undefined;
  const key = keyOf(dataId, k);
  const at = entries.findIndex((e) => e.key === key);
  if (at >= 0) {
    const [hit] = entries.splice(at, 1);
    entries.push(hit!);
    return hit!.K;
  }
  // Evict least recently used matrices; reuse an evicted one's memory (no garbage, RSS stays at the budget).
  let reuse: Float32Array | undefined;
  while (entries.length && kernelCacheBytes() + bytes > budgetMb * 1024 * 1024) {
    const old = entries.shift()!;
    if (!reuse && old.K.length === n * n) reuse = old.K;
  }
  const K = reuse ?? new Float32Array(n * n);
  const ng = -k.gamma;
  for (let a = 0; a < n; a++) {
    const base = a * n;
    const sa = sq[a]!;
    for (let b = a; b < n; b++) {
      let v: number;
      if (k.kernel === 'rbf') {
        const e = ng * (sa + sq[b]! - 2 * gram[base + b]!);
        v = e < FLOAT32_ZERO_EXP ? 0 : Math.exp(e);
      } else v = dotKernel(k, gram[base + b]!);
      K[base + b] = v;
      K[b * n + a] = v;
    }
  }
  entries.push({ key, K });
  return K;
}
