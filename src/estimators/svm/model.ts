import { ValidationError } from '../../errors.js';
import type { KernelSpec } from './kernel.js';
import { kernelFromDot, predictKernel } from './kernel.js';
import type { KernelRows } from './kernel-source.js';
import { ovoDecision, type OvoModel } from './ovo.js';
import { rowIndexFor } from './row-index.js';

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
  const kv = new Float64Array(total);
  const votes = new Int32Array(k);
  const cols = fit.nFeatures;
  const shared = fit.shared;
  const at = shared?.rows.gram ? rowIndexFor(shared.X, cols).findAll(X, rows) : undefined;
  if (shared && at) {
    const { gram, sq, n } = shared.rows;
    const svRows = shared.svRows;
    const rbf = fit.kernel.kernel === 'rbf';
    const ng = -fit.kernel.gamma;
    for (let r = 0; r < rows; r++) {
      const t = at[r]!;
      const base = t * n;
      const st = sq[t]!;
      for (let s = 0; s < total; s++) {
        const b = svRows[s]!;
        const dot = gram![base + b]!;
        kv[s] = rbf ? Math.exp(ng * (st + sq[b]! - 2 * dot)) : kernelFromDot(fit.kernel, dot, 0, 0);
      }
      codes[r] = ovoDecision(m, kv, dec, r * pairs, votes);
    }
    return { dec, codes };
  }
  for (let r = 0; r < rows; r++) {
    for (let s = 0; s < total; s++) kv[s] = predictKernel(fit.kernel, X, r, fit.sv, s, cols);
    codes[r] = ovoDecision(m, kv, dec, r * pairs, votes);
  }
  return { dec, codes };
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
  if (s.coef?.length !== (k - 1) * total || s.rho?.length !== (k * (k - 1)) / 2 || s.sv?.length !== total * s.nFeatures) bad('coef, rho or sv has the wrong length');
  return {
    kernel: { ...s.kernel },
    nFeatures: s.nFeatures,
    sv: Float64Array.from(s.sv),
    model: { nClasses: k, nSV: Int32Array.from(s.nSV), support: Int32Array.from(s.support), coef: Float64Array.from(s.coef), rho: Float64Array.from(s.rho), timedOut: false },
  };
}
