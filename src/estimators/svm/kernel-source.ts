import type { DataSet, DerivedPayload } from '../../data/dataset.js';
import type { KernelSpec } from './kernel.js';
import { powi, rowDot } from './kernel.js';

/** Below this exponent exp() rounds to 0 in float32 (exp(−105) ≈ 2.5e−46 < half the smallest float32). */
export const FLOAT32_ZERO_EXP = -105;

/** The `data.derived` key of the shared Gram matrix. */
export const GRAM_KEY = 'svm.gram';

/**
 * Default memory budget (MB) for the kernel work a search shares: the Gram matrix
 * (n² × 8 bytes) must fit, and what is left holds floor((budget − n²·8) / (n²·4))
 * float32 kernel matrices, one per kernel setting. Pages are committed only as
 * matrices are built: digits (n = 1,797) with 17 gamma values uses 25.8 + 17 × 12.9 MB.
 */
export const DEFAULT_SHARED_KERNEL_MB = 1024;

/** Bytes the shared Gram matrix of `rows` rows takes (n² float64 dot products). */
export function gramBytes(rows: number): number {
  return rows * rows * 8;
}

/**
 * Where kernel values come from for the rows of one data set: every dot product
 * xa·xb, either read from a Gram matrix computed once for the whole data set
 * (shared by every fit of a search, every fold, every candidate, every kernel
 * setting) or computed from X on demand (libsvm's own way).
 */
export interface KernelRows {
  /** Rows of the underlying data set. */
  readonly n: number;
  /** ‖xa‖² for every row (libsvm's `x_square`). */
  readonly sq: Float64Array;
  /** The Gram matrix (n × n, row-major), when shared. */
  readonly gram: Float64Array | undefined;
  /** The data (row-major) and its width, for on-demand dot products. */
  readonly X: Float64Array;
  readonly cols: number;
  /** When the Gram matrix is filled on demand: which (row, class) blocks are computed. */
  readonly lazy?: LazyBlocks;
}

/** Bookkeeping of a Gram matrix filled one (row, class) block at a time. */
export interface LazyBlocks {
  /** Class code of every row. */
  codes: Int32Array;
  /** Rows of each class. */
  members: Int32Array[];
  /** done[a · k + c]: dot products of row a with every row of class c are in the Gram matrix. */
  done: Uint8Array;
  k: number;
}

/** Kernel rows over a plain matrix: dot products computed on demand. */
export function rowsFromMatrix(X: Float64Array, rows: number, cols: number): KernelRows {
  const sq = new Float64Array(rows);
  for (let i = 0; i < rows; i++) sq[i] = rowDot(X, cols, i, i);
  return { n: rows, sq, gram: undefined, X, cols };
}

/**
 * The Gram matrix of `data` (dot products in libsvm's summation order; symmetric
 * bit for bit), stored in `data.derived` so the executors share it: the pool places
 * it in a SharedArrayBuffer once for every thread, the cluster ships it once per
 * worker process. Skipped (returns false) when n² × 8 bytes exceeds `budgetMb`.
 * Hand-written: no npm BLAS runs in every worker thread without native builds; the
 * 1,797-row digits Gram takes ~0.15 s once, against ~20 ms of dot products per fit
 * (a WebAssembly version took 0.13 s against 0.17 s: not worth a second copy).
 */
export function prepareGram(data: DataSet, budgetMb: number): boolean {
  if (data.derived.has(GRAM_KEY)) return true;
  const n = data.X.rows;
  if (gramBytes(n) > budgetMb * 1024 * 1024) return false;
  const gram = new Float64Array(new SharedArrayBuffer(gramBytes(n)));
  fillGram(data.X.data, n, data.X.cols, gram);
  // local: the cluster does not ship it (n² × 8 bytes through Redis); each worker process computes its own once
  const payload: DerivedPayload = { arrays: { gram }, meta: { rows: n, local: 1 } };
  data.derived.set(GRAM_KEY, payload);
  return true;
}

/**
 * Fills `gram` (n × n) with every dot product of X's rows, each summed in column
 * order as libsvm's dense `dot` (so values are bit-identical), four rows at a time
 * for instruction-level parallelism; the symmetric half is mirrored.
 */
export function fillGram(X: Float64Array, n: number, cols: number, gram: Float64Array): void {
  for (let a = 0; a < n; a++) {
    const oa = a * cols;
    let b = a;
    for (; b + 3 < n; b += 4) {
      const o0 = b * cols;
      const o1 = o0 + cols;
      const o2 = o1 + cols;
      const o3 = o2 + cols;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let c = 0; c < cols; c++) {
        const x = X[oa + c]!;
        s0 += x * X[o0 + c]!;
        s1 += x * X[o1 + c]!;
        s2 += x * X[o2 + c]!;
        s3 += x * X[o3 + c]!;
      }
      gram[a * n + b] = s0;
      gram[b * n + a] = s0;
      gram[a * n + b + 1] = s1;
      gram[(b + 1) * n + a] = s1;
      gram[a * n + b + 2] = s2;
      gram[(b + 2) * n + a] = s2;
      gram[a * n + b + 3] = s3;
      gram[(b + 3) * n + a] = s3;
    }
    for (; b < n; b++) {
      const d = rowDot(X, cols, a, b);
      gram[a * n + b] = d;
      gram[b * n + a] = d;
    }
  }
}

/**
 * Kernel rows of a standalone fit over a Gram matrix filled on demand, one block
 * (row a × the rows of class c) at a time: a column of a one-vs-one problem needs two
 * such blocks, and each block is computed once for all the class pairs that share it
 * (libsvm recomputes the row's own-class block in each of its k − 1 problems). Never
 * more dot products than libsvm's on-demand columns, never more than the full Gram.
 */
export function rowsWithLazyGram(X: Float64Array, rows: number, cols: number, codes: Int32Array, k: number): KernelRows {
  const gram = new Float64Array(rows * rows);
  const sq = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    sq[i] = rowDot(X, cols, i, i);
    gram[i * rows + i] = sq[i]!;
  }
  const count = new Int32Array(k);
  for (let i = 0; i < rows; i++) count[codes[i]!]!++;
  const members = Array.from(count, (c) => new Int32Array(c));
  const fill = new Int32Array(k);
  for (let i = 0; i < rows; i++) members[codes[i]!]![fill[codes[i]!]!++] = i;
  return { n: rows, sq, gram, X, cols, lazy: { codes, members, done: new Uint8Array(rows * k), k } };
}

/** Computes the missing (a, class) blocks that rows ids[from..to) fall in. */
function ensureBlocks(src: KernelRows, lazy: LazyBlocks, a: number, ids: Int32Array, from: number, to: number): void {
  const { codes, members, done, k } = lazy;
  const { X, cols, n } = src;
  const gram = src.gram!;
  const oa = a * cols;
  for (let j = from; j < to; j++) {
    const c = codes[ids[j]!]!;
    if (done[a * k + c]) continue;
    done[a * k + c] = 1;
    const rows = members[c]!;
    let t = 0;
    for (; t + 3 < rows.length; t += 4) {
      const b0 = rows[t]!;
      const b1 = rows[t + 1]!;
      const b2 = rows[t + 2]!;
      const b3 = rows[t + 3]!;
      const o0 = b0 * cols;
      const o1 = b1 * cols;
      const o2 = b2 * cols;
      const o3 = b3 * cols;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let q = 0; q < cols; q++) {
        const x = X[oa + q]!;
        s0 += x * X[o0 + q]!;
        s1 += x * X[o1 + q]!;
        s2 += x * X[o2 + q]!;
        s3 += x * X[o3 + q]!;
      }
      gram[a * n + b0] = s0;
      gram[a * n + b1] = s1;
      gram[a * n + b2] = s2;
      gram[a * n + b3] = s3;
    }
    for (; t < rows.length; t++) gram[a * n + rows[t]!] = rowDot(X, cols, a, rows[t]!);
  }
}

const fromData = new WeakMap<Float64Array, KernelRows>();

/** Kernel rows for a data set: over its shared Gram matrix when present, else on-demand. Cached per data set. */
export function rowsFromDataSet(data: DataSet): KernelRows {
  const known = fromData.get(data.X.data);
  if (known) return known;
  const payload = data.derived.get(GRAM_KEY);
  const gram = payload?.arrays.gram;
  const n = data.X.rows;
  let rows: KernelRows;
  if (gram instanceof Float64Array && gram.length === n * n) {
    const sq = new Float64Array(n);
    for (let i = 0; i < n; i++) sq[i] = gram[i * n + i]!;
    rows = { n, sq, gram, X: data.X.data, cols: data.X.cols };
  } else {
    rows = rowsFromMatrix(data.X.data, n, data.X.cols);
  }
  fromData.set(data.X.data, rows);
  return rows;
}

/**
 * Fills `out[from..to)` with one column of libsvm's Q matrix: Q(a, ids[j]) =
 * ya·y[j]·K(a, ids[j]) for data rows `ids` (stored as float32 on assignment, libsvm's Qfloat).
 */
export function fillColumn(
  src: KernelRows,
  k: KernelSpec,
  a: number,
  ya: number,
  ids: Int32Array,
  y: Int8Array,
  from: number,
  to: number,
  out: Float32Array,
): void {
  const { gram, sq, n, X, cols } = src;
  const g = k.gamma;
  const sa = sq[a]!;
  if (gram) {
    if (src.lazy) ensureBlocks(src, src.lazy, a, ids, from, to);
    const base = a * n;
    if (k.kernel === 'rbf') {
      const ng = -g;
      for (let j = from; j < to; j++) {
        const b = ids[j]!;
        const e = ng * (sa + sq[b]! - 2 * gram[base + b]!);
        // exp(e) < 2.6e-46 rounds to float32 zero: skip the exp (same Qfloat, often half the entries)
        out[j] = e < FLOAT32_ZERO_EXP ? 0 : ya * y[j]! * Math.exp(e);
      }
      return;
    }
    for (let j = from; j < to; j++) out[j] = ya * y[j]! * dotKernel(k, gram[base + ids[j]!]!);
    return;
  }
  const oa = a * cols;
  for (let j = from; j < to; j++) {
    const b = ids[j]!;
    const ob = b * cols;
    let dot = 0;
    for (let c = 0; c < cols; c++) dot += X[oa + c]! * X[ob + c]!;
    out[j] = ya * y[j]! * (k.kernel === 'rbf' ? Math.exp(-g * (sa + sq[b]! - 2 * dot)) : dotKernel(k, dot));
  }
}

/** K(a, a) in double precision (libsvm's QD, not rounded to float). */
export function diagonal(src: KernelRows, k: KernelSpec, a: number): number {
  const dot = src.gram ? src.gram[a * src.n + a]! : src.sq[a]!;
  return k.kernel === 'rbf' ? Math.exp(-k.gamma * (src.sq[a]! + src.sq[a]! - 2 * dot)) : dotKernel(k, dot);
}

export function dotKernel(k: KernelSpec, dot: number): number {
  switch (k.kernel) {
    case 'linear':
      return dot;
    case 'poly':
      return powi(k.gamma * dot + k.coef0, k.degree);
    case 'sigmoid':
      return Math.tanh(k.gamma * dot + k.coef0);
    default:
      throw new Error(`dotKernel: ${k.kernel} needs squared norms`);
  }
}
