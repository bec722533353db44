import { rule } from '../params/rules.js';
import { ValidationError } from '../errors.js';
import type { DataSet } from '../data/dataset.js';
import type { Labels, Matrix } from '../data/matrix.js';
import { BaseEstimator, defaultsOf } from './base.js';
import { encodeClasses, requireTwoClasses, type EncodedClasses } from './class-labels.js';
import type { ParamSpec, ParamValue, Params } from './estimator.js';
import { ovrFromOvo } from './libsvm/decision.js';
import { LibsvmFit } from './libsvm/adapter.js';
import { reportFitWarning } from './fit-warnings.js';
import { registerEstimator } from './registry.js';
import { resolveGamma, type KernelName, type KernelSpec } from './svm/kernel.js';
import { DEFAULT_SHARED_KERNEL_MB, gramBytes, prepareGram, rowsFromDataSet, rowsFromMatrix, rowsWithLazyGram } from './svm/kernel-source.js';
import { predictOvo, smoFitFromJSON, smoFitToJSON, type SmoFit, type SmoFitJSON } from './svm/model.js';
import { trainOvo, type OvoModel } from './svm/ovo.js';
import { arenaOf, arenaSlots, holdMatrix, prepareArena } from './svm/kernel-arena.js';
import { checkBoolean, checkChoice, checkFitData, checkFinite, checkNumber, checkPredictData, checkSeed } from './validate.js';
import { svcCost } from './cost-hints.js';

const KERNELS = ['rbf', 'linear', 'poly', 'sigmoid'] as const;
const SOLVERS = ['smo', 'libsvm'] as const;

/** SVC's hyperparameters (scikit-learn's names and defaults, plus `solver` and `sharedKernelMb`). */
export type SVCParams = {
  kernel: 'rbf' | 'linear' | 'poly' | 'sigmoid';
  C: number;
  gamma: number | 'scale' | 'auto';
  degree: number;
  coef0: number;
  tol: number;
  classWeight: null | 'balanced' | { [label: string]: number };
  probability: boolean;
  shrinking: boolean;
  cacheSize: number;
  maxIter: number;
  randomState: number | null;
  decisionFunctionShape: 'ovr' | 'ovo';
  solver: 'smo' | 'libsvm';
  sharedKernelMb: number;
};

/** Parameter metadata (defaults and one-line docs) for SVC. */
export const SVC_PARAMS: Record<keyof SVCParams & string, ParamSpec> = {
  kernel: { default: 'rbf', doc: "kernel: 'rbf', 'linear', 'poly' or 'sigmoid'", accepts: [rule.oneOf(...KERNELS)] },
  C: { default: 1.0, doc: 'regularisation: penalty of the error term, > 0', accepts: [rule.num({ gt: 0 })] },
  gamma: {
    default: 'scale',
    doc: "kernel coefficient (rbf/poly/sigmoid): a number > 0, 'scale' = 1/(nFeatures·X.var()) or 'auto' = 1/nFeatures",
    accepts: [rule.num({ gt: 0 }), rule.oneOf('scale', 'auto')],
  },
  degree: { default: 3, doc: 'degree of the poly kernel, integer >= 0', accepts: [rule.int({ ge: 0 })] },
  coef0: { default: 0.0, doc: 'independent term of the poly and sigmoid kernels', accepts: [rule.num()] },
  tol: { default: 1e-3, doc: 'tolerance of the stopping criterion, > 0', accepts: [rule.num({ gt: 0 })] },
  classWeight: {
    default: null,
    doc: "null, 'balanced' (n/(nClasses·count)) or {label: weight}: C of class i becomes weight·C",
    accepts: [rule.null, rule.oneOf('balanced'), rule.weights],
  },
  probability: { default: false, doc: 'fit Platt scaling (libsvm internal 5-fold CV, through libsvm-js) so predictProba is available', accepts: [rule.bool] },
  shrinking: { default: true, doc: 'use the shrinking heuristic', accepts: [rule.bool] },
  cacheSize: { default: 200, doc: 'kernel column cache per binary problem, in MB (when no shared Gram matrix serves the fit)', accepts: [rule.num({ gt: 0 })] },
  maxIter: {
    default: -1,
    doc: 'hard limit on solver iterations per class pair, -1 for none (scikit-learn max_iter); reaching it warns ConvergenceWarning',
    accepts: [rule.int({ ge: -1 })],
  },
  randomState: {
    default: null,
    doc: "accepted for scikit-learn compatibility; only probability: true draws random numbers (libsvm-js's unseedable C rand())",
    accepts: [rule.int(), rule.null],
  },
  decisionFunctionShape: {
    default: 'ovr',
    doc: "decisionFunction for > 2 classes: 'ovr' (one column per class, scikit-learn's transform) or 'ovo' (one per class pair)",
    accepts: [rule.oneOf('ovr', 'ovo')],
  },
  solver: {
    default: 'smo',
    doc: "'smo': hyperfold's TypeScript port of libsvm's solver (shares kernel work across a search); 'libsvm': libsvm-js (WebAssembly), the reference",
    accepts: [rule.oneOf('smo', 'libsvm')],
  },
  sharedKernelMb: {
    default: DEFAULT_SHARED_KERNEL_MB,
    doc:
      'memory budget (MB) for the kernel work a search shares: the Gram matrix (rows² × 8 bytes), then one float32 kernel matrix per kernel setting ' +
      '(rows² × 4 bytes each, built once, read by every fit with that setting); 0 or a too-small budget: each fit uses its own column cache',
    accepts: [rule.num({ ge: 0 })],
  },
};

const DEFAULTS: SVCParams = defaultsOf<SVCParams>(SVC_PARAMS);

/** Parameters after validation (gamma still unresolved). */
interface Checked {
  kernel: KernelName;
  C: number;
  gamma: number | 'scale' | 'auto';
  degree: number;
  coef0: number;
  tol: number;
  cacheSize: number;
  maxIter: number;
  shrinking: boolean;
  probability: boolean;
  solver: 'smo' | 'libsvm';
  sharedKernelMb: number;
}

/**
 * Checks every SVC parameter value (ValidationError naming the parameter and the
 * allowed values). Runs on construction and `setParams`, so a search rejects a bad
 * grid or sampled value before any fit is dispatched.
 */
export function checkSVCParams(p: SVCParams): Checked {
  const est = 'SVC';
  const g = p.gamma as ParamValue;
  if (typeof g === 'string' && g !== 'scale' && g !== 'auto') {
    throw new ValidationError(`SVC: parameter 'gamma' must be 'scale', 'auto' or a number > 0, got ${JSON.stringify(g)}`);
  }
  const cw = p.classWeight as ParamValue;
  if (!(cw === null || cw === 'balanced' || (typeof cw === 'object' && !Array.isArray(cw)))) {
    throw new ValidationError(`SVC: parameter 'classWeight' must be null, 'balanced' or {label: weight}, got ${JSON.stringify(cw)}`);
  }
  const maxIter = checkNumber(est, 'maxIter', p.maxIter, { integer: true, min: -1 });
  if (maxIter === 0) throw new ValidationError("SVC: parameter 'maxIter' must be -1 (no limit) or an integer >= 1, got 0");
  checkSeed(est, p.randomState);
  checkChoice(est, 'decisionFunctionShape', p.decisionFunctionShape, ['ovr', 'ovo']);
  return {
    kernel: checkChoice(est, 'kernel', p.kernel, KERNELS),
    C: checkNumber(est, 'C', p.C, { min: 0, exclusiveMin: true }),
    gamma: typeof g === 'string' ? g : checkNumber(est, 'gamma', g, { min: 0, exclusiveMin: true }),
    degree: checkNumber(est, 'degree', p.degree, { min: 0, integer: true }),
    coef0: checkNumber(est, 'coef0', p.coef0),
    tol: checkNumber(est, 'tol', p.tol, { min: 0, exclusiveMin: true }),
    cacheSize: checkNumber(est, 'cacheSize', p.cacheSize, { min: 0, exclusiveMin: true }),
    maxIter,
    shrinking: checkBoolean(est, 'shrinking', p.shrinking),
    probability: checkBoolean(est, 'probability', p.probability),
    solver: checkChoice(est, 'solver', p.solver, SOLVERS),
    sharedKernelMb: checkNumber(est, 'sharedKernelMb', p.sharedKernelMb, { min: 0 }),
  };
}

/** scikit-learn's ConvergenceWarning for a solver stopped by max_iter (once per search, or once per process outside one). */
function warnMaxIter(maxIter: number): void {
  reportFitWarning(
    'ConvergenceWarning',
    `Solver terminated early (max_iter=${maxIter}).  Consider pre-processing your data with StandardScaler or MinMaxScaler.`,
  );
}

interface SVCState {
  classes: number[];
  nFeatures: number;
  probability: boolean;
  /** libsvm-js model text (solver 'libsvm' or probability: true). */
  model?: string;
  /** Our solver's model. */
  smo?: SmoFitJSON;
}

/**
 * C-support vector classification as scikit-learn's `SVC` (libsvm's C-SVC, one-vs-one
 * multiclass). By default fitted by hyperfold's TypeScript port of libsvm's solver
 * (`solver: 'smo'`), which in a search reads every kernel value from a Gram matrix
 * computed once per data set and shared by all fits; `solver: 'libsvm'` (and
 * `probability: true`, for Platt scaling) use libsvm 3.22 compiled to WebAssembly.
 * Fitted models expose `supportVectors`, `support`, `nSupport`, `dualCoef` and
 * `intercept` (our solver) and round-trip through `toJSON`.
 */
export class SVC extends BaseEstimator<SVCParams> {
  readonly name = 'SVC';
  readonly kind = 'classifier' as const;
  private fitted: { classes: Float64Array; nFeatures: number; probability: boolean; smo?: SmoFit; libsvm?: LibsvmFit } | undefined;

  constructor(params: Partial<SVCParams> = {}) {
    super(DEFAULTS, params);
    checkSVCParams(this.params);
  }

  override setParams(params: Partial<SVCParams>): this {
    const before = this.getParams();
    super.setParams(params);
    try {
      checkSVCParams(this.params);
    } catch (err) {
      this.params = before;
      throw err;
    }
    return this;
  }

  /** Sorted class labels seen in fit. */
  get classes(): Float64Array | undefined {
    return this.fitted?.classes;
  }

  /** Support vectors (nSV × nFeatures), grouped by class (scikit-learn's `support_vectors_`). */
  get supportVectors(): Matrix | undefined {
    const s = this.fitted?.smo;
    return s ? { data: s.sv, rows: s.model.support.length, cols: s.nFeatures } : undefined;
  }

  /** Index of each support vector in the training rows (scikit-learn's `support_`). */
  get support(): Int32Array | undefined {
    return this.fitted?.smo?.model.support;
  }

  /** Support vectors per class (scikit-learn's `n_support_`). */
  get nSupport(): Int32Array | undefined {
    return this.fitted?.smo?.model.nSV;
  }

  /** Dual coefficients ((nClasses − 1) × nSV; scikit-learn's `dual_coef_`, sign-flipped for two classes as there). */
  get dualCoef(): Matrix | undefined {
    const s = this.fitted?.smo;
    if (!s) return undefined;
    const k = s.model.nClasses;
    return { data: k === 2 ? s.model.coef.map((v) => -v) : s.model.coef.slice(), rows: k - 1, cols: s.model.support.length };
  }

  /** One intercept per class pair (scikit-learn's `intercept_`: −rho, or rho for two classes). */
  get intercept(): Float64Array | undefined {
    const s = this.fitted?.smo;
    if (!s) return undefined;
    return s.model.nClasses === 2 ? s.model.rho.slice() : s.model.rho.map((r) => -r);
  }

  /** Per-class C (C × class weight) in class order: libsvm's weighted_C. */
  private classC(enc: EncodedClasses, C: number): Float64Array {
    const cw = this.params.classWeight;
    const k = enc.classes.length;
    const out = new Float64Array(k).fill(C);
    if (cw === null || cw === undefined) return out;
    // scikit-learn's compute_class_weight('balanced'): n / (k · bincount), then C · weight per class.
    // Issue 12's near-chance mismatch: scikit-learn's libsvm fork runs the same algorithm but gets
    // these weights as binary doubles and sets each row's C[i] = W[i] · C · weight (sample weight
    // W = 1); libsvm-js got them as command-line text (≤ 15 significant digits). With balanced
    // weights C·weight·count is equal across classes, the near-chance fits end with every α at its
    // bound and their decision values are rounding noise: a 1e-16 change in a class's C flips votes
    // (our solver fed 15-digit weights gives libsvm-js's 58/599 where scikit-learn gives 119/599).
    if (cw === 'balanced') return Float64Array.from(enc.counts, (n) => C * (enc.codes.length / (k * n)));
    for (const [label, weight] of Object.entries(cw)) {
      const c = enc.classes.indexOf(Number(label));
      if (c < 0) throw new ValidationError(`SVC: classWeight names class ${label}, which is not in y (classes: ${Array.from(enc.classes).join(', ')})`);
      out[c] = C * checkNumber(this.name, `classWeight[${label}]`, weight, { min: 0 });
    }
    return out;
  }

  private spec(p: Checked, X: Float64Array, cols: number): KernelSpec {
    return { kernel: p.kernel, gamma: p.kernel === 'linear' ? 0 : resolveGamma(p.gamma, X, cols), degree: p.degree, coef0: p.coef0 };
  }

  fit(X: Matrix, y: Labels): this {
    checkFitData(this.name, X, y);
    const enc = encodeClasses(this.name, y);
    requireTwoClasses(this.name, enc);
    const p = checkSVCParams(this.params);
    const kernel = this.spec(p, X.data, X.cols);
    const classC = this.classC(enc, p.C);
    this.dispose();
    if (p.solver === 'libsvm' || p.probability) {
      const weights = this.params.classWeight === null ? undefined : classC.map((c) => c / p.C);
      const libsvm = LibsvmFit.train(X, enc, {
        kernel,
        C: p.C,
        tol: p.tol,
        cacheSize: p.cacheSize,
        shrinking: p.shrinking,
        probability: p.probability,
        weights,
      });
      this.fitted = { classes: enc.classes, nFeatures: X.cols, probability: p.probability, libsvm };
      return this;
    }
    const ids = new Int32Array(X.rows);
    for (let i = 0; i < ids.length; i++) ids[i] = i;
    // Within the cache budget, a dot product of two training rows is computed at most once for
    // all class pairs (each row meets k − 1 pairs), and only when needed; above it, libsvm's
    // on-demand columns.
    const rows =
      gramBytes(X.rows) <= p.cacheSize * 1024 * 1024
        ? rowsWithLazyGram(X.data, X.rows, X.cols, enc.codes, enc.classes.length)
        : rowsFromMatrix(X.data, X.rows, X.cols);
    const model = trainOvo(rows, {
      ids,
      codes: enc.codes,
      nClasses: enc.classes.length,
      classC,
      kernel,
      tol: p.tol,
      shrinking: p.shrinking,
      maxIter: p.maxIter,
      cacheBytes: p.cacheSize * 1024 * 1024,
    });
    if (model.timedOut) warnMaxIter(p.maxIter);
    const sv = new Float64Array(model.support.length * X.cols);
    model.support.forEach((r, s) => sv.set(X.data.subarray(r * X.cols, (r + 1) * X.cols), s * X.cols));
    this.fitted = { classes: enc.classes, nFeatures: X.cols, probability: false, smo: { model, kernel, sv, nFeatures: X.cols } };
    return this;
  }

  /**
   * Prepares the kernel work a search shares (`data.derived`) when our solver will fit
   * on it: the Gram matrix (n² × 8 bytes, computed here) and, in what is left of
   * `sharedKernelMb`, an arena of float32 kernel matrices (n² × 4 bytes each), one per
   * kernel setting, each built by the first fit that needs it. Every fold and candidate
   * then reads kernel values instead of computing them. Idempotent; a cluster worker
   * process runs it on its first fit (these payloads are not shipped through Redis).
   */
  prepareData(data: DataSet): void {
    const p = checkSVCParams(this.params);
    if (p.solver === 'smo' && !p.probability) shareKernelWork(data, p.sharedKernelMb);
  }

  /** Fits on rows `train` of a shared data set, reading kernel values from its Gram matrix when present. */
  fitIndexed(data: DataSet, train: Int32Array): this {
    const p = checkSVCParams(this.params);
    const cols = data.X.cols;
    if (p.solver === 'libsvm' || p.probability) {
      const X = new Float64Array(train.length * cols);
      const y = new Float64Array(train.length);
      train.forEach((r, i) => {
        X.set(data.X.data.subarray(r * cols, (r + 1) * cols), i * cols);
        y[i] = data.y[r]!;
      });
      return this.fit({ data: X, rows: train.length, cols }, y);
    }
    const y = new Float64Array(train.length);
    train.forEach((r, i) => {
      y[i] = data.y[r]!;
    });
    if (train.length === 0) throw new ValidationError('SVC.fit: X has no rows; pass at least one sample');
    checkFinite(this.name, 'fit', data.X);
    const enc = encodeClasses(this.name, y);
    requireTwoClasses(this.name, enc);
    // gamma 'scale' is the variance of the training rows only, as scikit-learn's fit sees them
    const kernel: KernelSpec = { kernel: p.kernel, gamma: 0, degree: p.degree, coef0: p.coef0 };
    if (p.kernel !== 'linear')
      kernel.gamma = p.gamma === 'scale' ? resolveGamma('scale', gatherRows(data, train), cols) : resolveGamma(p.gamma, data.X.data, cols);
    shareKernelWork(data, p.sharedKernelMb);
    const rows = rowsFromDataSet(data);
    const arena = arenaOf(data);
    const held = arena ? holdMatrix(arena, rows, kernel) : undefined;
    let model: OvoModel;
    try {
      model = trainOvo(rows, {
        matrix: held,
        ids: train,
        codes: enc.codes,
        nClasses: enc.classes.length,
        classC: this.classC(enc, p.C),
        kernel,
        tol: p.tol,
        shrinking: p.shrinking,
        maxIter: p.maxIter,
        cacheBytes: p.cacheSize * 1024 * 1024,
      });
    } finally {
      // training only reads the matrix (predictions use the Gram matrix in double): a kept model holds no arena slot
      held?.release();
    }
    if (model.timedOut) warnMaxIter(p.maxIter);
    const svRows = Int32Array.from(model.support, (s) => train[s]!);
    const sv = new Float64Array(svRows.length * cols);
    svRows.forEach((r, s) => sv.set(data.X.data.subarray(r * cols, (r + 1) * cols), s * cols));
    this.dispose();
    this.fitted = {
      classes: enc.classes,
      nFeatures: cols,
      probability: false,
      smo: { model, kernel, sv, nFeatures: cols, shared: { rows, X: data.X.data, svRows } },
    };
    return this;
  }

  /** Releases a libsvm-js model's WebAssembly memory now; the estimator becomes unfitted. */
  free(): void {
    this.fitted?.libsvm?.free();
    this.fitted = undefined;
  }

  /** Same as `free()` (the Estimator interface's name for it). */
  dispose(): void {
    this.free();
  }

  private live(where: string, X: Matrix): NonNullable<SVC['fitted']> {
    checkPredictData(this.name, where, X, this.fitted?.nFeatures);
    checkFinite(this.name, where, X);
    return this.fitted!;
  }

  predict(X: Matrix): Float64Array {
    const f = this.live('predict', X);
    const codes = f.smo ? predictOvo(f.smo, X.data, X.rows).codes : f.libsvm!.predict(X);
    const out = new Float64Array(X.rows);
    for (let i = 0; i < X.rows; i++) out[i] = f.classes[codes[i]!]!;
    return out;
  }

  /** True when predictProba is available with the current parameters (`probability: true`). */
  supportsProba(): boolean {
    return this.params.probability === true;
  }

  /** Platt-scaled class probabilities (columns in `classes` order); needs `probability: true` at fit time. */
  predictProba(X: Matrix): Matrix {
    const f = this.live('predictProba', X);
    if (!f.probability || !f.libsvm) {
      throw new ValidationError('SVC.predictProba: the model was fitted with probability: false; set probability: true and refit');
    }
    const k = f.classes.length;
    return { data: f.libsvm.predictProba(X, k), rows: X.rows, cols: k };
  }

  /**
   * scikit-learn's decision_function: two classes → one column, positive favours
   * classes[1]; more → 'ovr' (votes + squashed confidences, one column per class) or
   * 'ovo' (libsvm's pairwise values (0,1), (0,2), …).
   */
  decisionFunction(X: Matrix): Matrix {
    const f = this.live('decisionFunction', X);
    const shape = checkChoice(this.name, 'decisionFunctionShape', this.params.decisionFunctionShape, ['ovr', 'ovo']);
    const ovo = f.smo ? predictOvo(f.smo, X.data, X.rows).dec : f.libsvm!.ovo(X);
    const k = f.classes.length;
    if (k === 2) return { data: ovo.map((v) => -v), rows: X.rows, cols: 1 };
    if (shape === 'ovo') return { data: ovo, rows: X.rows, cols: (k * (k - 1)) / 2 };
    return { data: ovrFromOvo(ovo, X.rows, k), rows: X.rows, cols: k };
  }

  protected override getState(): SVCState | undefined {
    const f = this.fitted;
    if (!f) return undefined;
    const base = { classes: Array.from(f.classes), nFeatures: f.nFeatures, probability: f.probability };
    return f.smo ? { ...base, smo: smoFitToJSON(f.smo) } : { ...base, model: f.libsvm!.serialize() };
  }

  override setState(state: unknown): void {
    const s = state as Partial<SVCState> | null;
    if (!s || !Array.isArray(s.classes) || typeof s.nFeatures !== 'number' || (typeof s.model !== 'string' && (s.smo === null || typeof s.smo !== 'object'))) {
      throw new ValidationError(
        'SVC: fitted state must be {classes: number[], nFeatures: number, probability: boolean, and model: string (libsvm) or smo: {...}}',
      );
    }
    this.dispose();
    const classes = Float64Array.from(s.classes);
    if (typeof s.model === 'string') {
      this.fitted = { classes, nFeatures: s.nFeatures, probability: s.probability === true, libsvm: LibsvmFit.deserialize(s.model) };
    } else {
      this.fitted = { classes, nFeatures: s.nFeatures, probability: false, smo: smoFitFromJSON(s.smo!) };
    }
  }
}

/** The Gram matrix, then the kernel arena in what is left of `budgetMb` (both idempotent: once per data set). */
function shareKernelWork(data: DataSet, budgetMb: number): void {
  if (!prepareGram(data, budgetMb)) return;
  const rows = data.X.rows;
  prepareArena(data, arenaSlots(rows, budgetMb * 1024 * 1024 - gramBytes(rows)));
}

/** Rows `idx` of a data set's X, materialised (for gamma 'scale' over the training rows). */
function gatherRows(data: DataSet, idx: Int32Array): Float64Array {
  const cols = data.X.cols;
  const out = new Float64Array(idx.length * cols);
  idx.forEach((r, i) => out.set(data.X.data.subarray(r * cols, (r + 1) * cols), i * cols));
  return out;
}

registerEstimator('SVC', (p) => new SVC(p as Partial<SVCParams>), {
  costHint: svcCost,
  // a candidate's folds read the same kernel matrix: run them while it is in cache (seed search: costliest-first
  // with a probe of every candidate first was 6–7% slower than the search's own order)
  runFoldsTogether: true,
  params: SVC_PARAMS,
  doc: "C-support vector classifier (libsvm's C-SVC, one-vs-one multiclass): hyperfold's TypeScript solver sharing kernel work across a search, or libsvm-js",
  restore: (est, state) => (est as SVC).setState(state),
});
