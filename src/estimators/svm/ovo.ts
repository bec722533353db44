import type { KernelSpec } from './kernel.js';
import type { KernelRows } from './kernel-source.js';
import { DenseQ } from './dense-q.js';
import { QMatrix, type QColumns } from './q-matrix.js';
import { SmoWorkspace, type WasmMemory } from './smo-workspace.js';
import { solveBinary } from './solver.js';

/** A fitted one-vs-one C-SVC, in libsvm's layout (scikit-learn's `support_`, `_n_support`, `dual_coef_`, `rho`). */
export interface OvoModel {
  /** Classes (k ≥ 2); class c is code c of the training labels. */
  nClasses: number;
  /** Support vectors per class (scikit-learn's `n_support_`). */
  nSV: Int32Array;
  /** Index of each support vector in the training rows, grouped by class (scikit-learn's `support_`). */
  support: Int32Array;
  /** (k − 1) × nSVtotal, row-major: libsvm's sv_coef (scikit-learn's `dual_coef_` before its binary sign flip). */
  coef: Float64Array;
  /** One rho per class pair (0,1), (0,2), …, (1,2), …: the pair's decision value is Σ coef·K − rho. */
  rho: Float64Array;
  /** True when some pair stopped at `maxIter`. */
  timedOut: boolean;
}

/** What `trainOvo` needs besides the kernel rows. */
export interface OvoProblem {
  /** Data row (in the kernel rows) of each training row. */
  ids: Int32Array;
  /** Class code (0 … k−1, classes sorted) of each training row. */
  codes: Int32Array;
  nClasses: number;
  /** C of each class (C × class weight, libsvm's weighted_C). */
  classC: Float64Array;
  kernel: KernelSpec;
  tol: number;
  shrinking: boolean;
  maxIter: number;
  /** libsvm's cache size per binary problem, in bytes. */
  cacheBytes: number;
  /** The whole data set's kernel matrix for `kernel` (float32, the search's kernel arena), when held. */
  matrix?: { K: Float32Array; pos: Int32Array; memory?: WasmMemory };
}

/**
 * libsvm's `svm_train` for C-SVC as scikit-learn's fork runs it: training rows
 * grouped by class in sorted-label order (stable), one binary problem per class
 * pair (i < j; class i is +1), each row's C = weight 1 × the class's weighted C,
 * support vectors = rows with a non-zero coefficient in any pair.
 */
export function trainOvo(src: KernelRows, prob: OvoProblem): OvoModel {
  const { ids, codes, nClasses: k } = prob;
  const n = ids.length;
  const count = new Int32Array(k);
  for (let r = 0; r < n; r++) count[codes[r]!]!++;
  const start = new Int32Array(k);
  for (let c = 1; c < k; c++) start[c] = start[c - 1]! + count[c - 1]!;
  const perm = new Int32Array(n);
  const fill = Int32Array.from(start);
  for (let r = 0; r < n; r++) perm[fill[codes[r]!]!++] = r;

  const pairs = (k * (k - 1)) / 2;
  const alphas: Float64Array[] = [];
  const rho = new Float64Array(pairs);
  const nonzero = new Uint8Array(n);
  let timedOut = false;
  // with the whole kernel matrix at hand, each pair's Q block is gathered into one reused buffer
  let largest = 0;
  for (let i = 0; i < k; i++) for (let j = i + 1; j < k; j++) largest = Math.max(largest, count[i]! + count[j]!);
  // the solver's working memory (WebAssembly), with room for the Q block when the kernel matrix is at hand and it fits
  // (in the arena's own memory when it is a WebAssembly memory: the gather then reads the matrix in WebAssembly)
  const m = prob.matrix;
  const ws = (m && (SmoWorkspace.acquire(largest, true, m.memory) ?? SmoWorkspace.acquire(largest, true))) || SmoWorkspace.acquire(largest)!;
  const dense = m && ws.scratch.length > 0 ? m : undefined;
  let p = 0;
  try {
    for (let i = 0; i < k; i++) {
      for (let j = i + 1; j < k; j++) {
        const ci = count[i]!;
        const cj = count[j]!;
        const l = ci + cj;
        const subIds = new Int32Array(l);
        const y = ws.labels.subarray(0, l);
        const C = new Float64Array(l);
        for (let t = 0; t < ci; t++) {
          subIds[t] = ids[perm[start[i]! + t]!]!;
          y[t] = 1;
          C[t] = 1.0 * prob.classC[i]!;
        }
        for (let t = 0; t < cj; t++) {
          subIds[ci + t] = ids[perm[start[j]! + t]!]!;
          y[ci + t] = -1;
          C[ci + t] = 1.0 * prob.classC[j]!;
        }
        const Q: QColumns = dense
          ? new DenseQ(src, prob.kernel, subIds, y, dense.K, dense.pos, ws, dense.memory !== undefined && dense.memory === ws.memory)
          : new QMatrix(src, prob.kernel, subIds, y, prob.cacheBytes);
        const sol = solveBinary(Q, y, C, prob.tol, prob.shrinking, prob.maxIter, ws);
        timedOut ||= sol.timedOut;
        alphas.push(sol.coef);
        rho[p] = sol.rho;
        for (let t = 0; t < ci; t++) if (sol.coef[t] !== 0) nonzero[start[i]! + t] = 1;
        for (let t = 0; t < cj; t++) if (sol.coef[ci + t] !== 0) nonzero[start[j]! + t] = 1;
        p++;
      }
    }
  } finally {
    ws.release();
  }

  const nSV = new Int32Array(k);
  let total = 0;
  for (let c = 0; c < k; c++) {
    for (let t = 0; t < count[c]!; t++) if (nonzero[start[c]! + t]) nSV[c]!++;
    total += nSV[c]!;
  }
  const support = new Int32Array(total);
  let q = 0;
  for (let r = 0; r < n; r++) if (nonzero[r]) support[q++] = perm[r]!;
  const nzStart = new Int32Array(k);
  for (let c = 1; c < k; c++) nzStart[c] = nzStart[c - 1]! + nSV[c - 1]!;
  const coef = new Float64Array((k - 1) * total);
  p = 0;
  for (let i = 0; i < k; i++) {
    for (let j = i + 1; j < k; j++) {
      const a = alphas[p]!;
      const ci = count[i]!;
      // pair (i, j): class i's coefficients go to row j−1, class j's to row i
      q = nzStart[i]!;
      for (let t = 0; t < ci; t++) if (nonzero[start[i]! + t]) coef[(j - 1) * total + q++] = a[t]!;
      q = nzStart[j]!;
      for (let t = 0; t < count[j]!; t++) if (nonzero[start[j]! + t]) coef[i * total + q++] = a[ci + t]!;
      p++;
    }
  }
  return { nClasses: k, nSV, support, coef, rho, timedOut };
}
