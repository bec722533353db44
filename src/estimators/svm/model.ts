import { ValidationError } from '../../errors.js';
import type { KernelSpec } from './kernel.js';
import { kernelFromDot, predictKernel } from './kernel.js';
import type { KernelRows } from './kernel-source.js';
import type { OvoModel } from './ovo.js';
import { rowIndexFor } from './row-index.js';
import { DECISION_ROWS, DecisionWorkspace } from './smo-workspace.js';

/** Below this exponent exp() is exactly 0 in double precision (underflow below ≈ −745.13). */
const DOUBLE_ZERO_EXP = -746;

/** A fitted SVC from our solver: the one-vs-one model plus its support vectors' values. */
export interface SmoFit {
  model: OvoModel;
  kernel: KernelSpec;
  /** Support vectors, row-major (nSV × nFeatures). */
  sv: Float64Array;
  nFeatures: number;
  /** Present when fitted on a shared data set: its kernel rows and each support vector's row in it. */
  shared?: { rows: KernelRows; X: Float64Array; svRows: Int32Array };
}

/** One-vs-one decision values (rows × pairs) and the winning class code of each row. */
export interface OvoOutput {
  dec: Float64Array;
  codes: Int32Array;
}

/**
 * Decision values of every row of X. When the model was fitted on a shared data set
 * and X's rows are rows of it (a test fold), kernel values come from the shared Gram
 * matrix (one exp per support vector for RBF, no dot product); otherwise from libsvm's
 * `k_function` over the support vectors.
 */
export function predictOvo(fit: SmoFit, X: Float64Array, rows: number): OvoOutput {
  const m = fit.model;
  const k = m.nClasses;
  const pairs = (k * (k - 1)) / 2;
  const total = m.support.length;
  const dec = new Float64Array(rows * pairs);
  const codes = new Int32Array(rows);
  const cols = fit.nFeatures;
  const shared = fit.shared;
  const at = shared?.rows.gram ? rowIndexFor(shared.X, cols).findAll(X, rows) : undefined;
  // kernel values here, DECISION_ROWS rows at a time; the decisions in WebAssembly
  const ws = new DecisionWorkspace(m, total);
  try {
    for (let first = 0; first < rows; first += DECISION_ROWS) {
      const chunk = Math.min(DECISION_ROWS, rows - first);
      if (shared && at) sharedKernelRows(fit, shared, at, first, chunk, total, ws);
      else kernelRows(fit, X, first, chunk, total, cols, ws);
      ws.decide(chunk, dec, codes, first);
    }
  } finally {
    ws.release();
  }
  return { dec, codes };
}

/**
 * Kernel values of rows [first, first + chunk) of a test fold of the shared data set, from
 * its Gram matrix (one exp per support vector for RBF, no dot product), in double precision:
 * read as float32 from the search's kernel matrix instead, 1 of the seed search's 150 split
 * scores differed from scikit-learn's.
 */
function sharedKernelRows(
  fit: SmoFit,
  shared: NonNullable<SmoFit['shared']>,
  at: Int32Array,
  first: number,
  chunk: number,
  total: number,
  ws: DecisionWorkspace,
): void {
  const { gram, sq, n } = shared.rows;
  const svRows = shared.svRows;
  const rbf = fit.kernel.kernel === 'rbf';
  const ng = -fit.kernel.gamma;
  for (let c = 0; c < chunk; c++) {
    const kv = ws.kernelRow(c);
    const t = at[first + c]!;
    const base = t * n;
    const st = sq[t]!;
    for (let s = 0; s < total; s++) {
      const b = svRows[s]!;
      const dot = gram![base + b]!;
      if (rbf) {
        const e = ng * (st + sq[b]! - 2 * dot);
        kv[s] = e < DOUBLE_ZERO_EXP ? 0 : Math.exp(e);
      } else kv[s] = kernelFromDot(fit.kernel, dot, 0, 0);
    }
  }
}

/** libsvm's `k_function` of rows [first, first + chunk) of X against every support vector (RBF: two rows at a time). */
function kernelRows(fit: SmoFit, X: Float64Array, first: number, chunk: number, total: number, cols: number, ws: DecisionWorkspace): void {
  let c = 0;
  if (fit.kernel.kernel === 'rbf') {
    // two rows at a time: each support vector's values are loaded once for both rows
    for (; c + 1 < chunk; c += 2) rbfRowPair(fit.kernel.gamma, X, first + c, fit.sv, total, cols, ws.kernelRow(c), ws.kernelRow(c + 1));
  }
  for (; c < chunk; c++) kernelRow(fit.kernel, X, first + c, fit.sv, total, cols, ws.kernelRow(c));
}

/**
 * libsvm's RBF `k_function` of rows r and r + 1 of X against every support vector,
 * two support vectors at a time (2 × 2 sums, each in column order: values equal
 * libsvm's); `out0` / `out1` receive the two rows' kernel values.
 */
function rbfRowPair(gamma: number, X: Float64Array, r: number, sv: Float64Array, total: number, cols: number, out0: Float64Array, out1: Float64Array): void {
  const o0 = r * cols;
  const o1 = o0 + cols;
  const ng = -gamma;
  let s = 0;
  for (; s + 1 < total; s += 2) {
    const p0 = s * cols;
    const p1 = p0 + cols;
    let a00 = 0;
    let a01 = 0;
    let a10 = 0;
    let a11 = 0;
    for (let c = 0; c < cols; c++) {
      const x0 = X[o0 + c]!;
      const x1 = X[o1 + c]!;
      const v0 = sv[p0 + c]!;
      const v1 = sv[p1 + c]!;
      const d00 = x0 - v0;
      const d01 = x0 - v1;
      const d10 = x1 - v0;
      const d11 = x1 - v1;
      a00 += d00 * d00;
      a01 += d01 * d01;
      a10 += d10 * d10;
      a11 += d11 * d11;
    }
    out0[s] = ng * a00 < DOUBLE_ZERO_EXP ? 0 : Math.exp(ng * a00);
    out0[s + 1] = ng * a01 < DOUBLE_ZERO_EXP ? 0 : Math.exp(ng * a01);
    out1[s] = ng * a10 < DOUBLE_ZERO_EXP ? 0 : Math.exp(ng * a10);
    out1[s + 1] = ng * a11 < DOUBLE_ZERO_EXP ? 0 : Math.exp(ng * a11);
  }
  for (; s < total; s++) {
    const p = s * cols;
    let a0 = 0;
    let a1 = 0;
    for (let c = 0; c < cols; c++) {
      const d0 = X[o0 + c]! - sv[p + c]!;
      const d1 = X[o1 + c]! - sv[p + c]!;
      a0 += d0 * d0;
      a1 += d1 * d1;
    }
    out0[s] = ng * a0 < DOUBLE_ZERO_EXP ? 0 : Math.exp(ng * a0);
    out1[s] = ng * a1 < DOUBLE_ZERO_EXP ? 0 : Math.exp(ng * a1);
  }
}

/**
 * libsvm's `k_function` of row r of X against every support vector, four support
 * vectors at a time (each sum still in column order, so values equal libsvm's).
 */
function kernelRow(k: KernelSpec, X: Float64Array, r: number, sv: Float64Array, total: number, cols: number, out: Float64Array): void {
  const ox = r * cols;
  let s = 0;
  for (; s + 3 < total; s += 4) {
    const o0 = s * cols;
    const o1 = o0 + cols;
    const o2 = o1 + cols;
    const o3 = o2 + cols;
    let a0 = 0;
    let a1 = 0;
    let a2 = 0;
    let a3 = 0;
    if (k.kernel === 'rbf') {
      for (let c = 0; c < cols; c++) {
        const x = X[ox + c]!;
        const d0 = x - sv[o0 + c]!;
        const d1 = x - sv[o1 + c]!;
        const d2 = x - sv[o2 + c]!;
        const d3 = x - sv[o3 + c]!;
        a0 += d0 * d0;
        a1 += d1 * d1;
        a2 += d2 * d2;
        a3 += d3 * d3;
      }
      const ng = -k.gamma;
      out[s] = ng * a0 < DOUBLE_ZERO_EXP ? 0 : Math.exp(ng * a0);
      out[s + 1] = ng * a1 < DOUBLE_ZERO_EXP ? 0 : Math.exp(ng * a1);
      out[s + 2] = ng * a2 < DOUBLE_ZERO_EXP ? 0 : Math.exp(ng * a2);
      out[s + 3] = ng * a3 < DOUBLE_ZERO_EXP ? 0 : Math.exp(ng * a3);
    } else {
      for (let c = 0; c < cols; c++) {
        const x = X[ox + c]!;
        a0 += x * sv[o0 + c]!;
        a1 += x * sv[o1 + c]!;
        a2 += x * sv[o2 + c]!;
        a3 += x * sv[o3 + c]!;
      }
      out[s] = kernelFromDot(k, a0, 0, 0);
      out[s + 1] = kernelFromDot(k, a1, 0, 0);
      out[s + 2] = kernelFromDot(k, a2, 0, 0);
      out[s + 3] = kernelFromDot(k, a3, 0, 0);
    }
  }
  for (; s < total; s++) out[s] = predictKernel(k, X, r, sv, s, cols);
}

/** The JSON form of a fit (shared rows are not saved: a restored model predicts from its support vectors). */
export interface SmoFitJSON {
  kernel: KernelSpec;
  nFeatures: number;
  nClasses: number;
  nSV: number[];
  support: number[];
  coef: number[];
  rho: number[];
  sv: number[];
}

/** A fit as plain JSON. */
export function smoFitToJSON(fit: SmoFit): SmoFitJSON {
  const m = fit.model;
  return {
    kernel: { ...fit.kernel },
    nFeatures: fit.nFeatures,
    nClasses: m.nClasses,
    nSV: Array.from(m.nSV),
    support: Array.from(m.support),
    coef: Array.from(m.coef),
    rho: Array.from(m.rho),
    sv: Array.from(fit.sv),
  };
}

/** Rebuilds a fit from `smoFitToJSON`'s output, checking its shape. */
export function smoFitFromJSON(s: SmoFitJSON): SmoFit {
  const bad = (what: string): never => {
    throw new ValidationError(`SVC: fitted state is malformed (${what}); save it again with toJSON`);
  };
  if (!s || typeof s !== 'object' || !s.kernel || typeof s.nFeatures !== 'number' || typeof s.nClasses !== 'number') bad('kernel, nFeatures, nClasses');
  const k = s.nClasses;
  const total = s.support?.length ?? -1;
  if (s.nSV?.length !== k || s.nSV.reduce((a, b) => a + b, 0) !== total) bad('nSV and support disagree');
  if (s.coef?.length !== (k - 1) * total || s.rho?.length !== (k * (k - 1)) / 2 || s.sv?.length !== total * s.nFeatures)
    bad('coef, rho or sv has the wrong length');
  return {
    kernel: { ...s.kernel },
    nFeatures: s.nFeatures,
    sv: Float64Array.from(s.sv),
    model: {
      nClasses: k,
      nSV: Int32Array.from(s.nSV),
      support: Int32Array.from(s.support),
      coef: Float64Array.from(s.coef),
      rho: Float64Array.from(s.rho),
      timedOut: false,
    },
  };
}
