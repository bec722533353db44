import { rule } from '../params/rules.js';
import { ValidationError } from '../errors.js';
import type { Labels, Matrix } from '../data/matrix.js';
import { BaseEstimator, defaultsOf } from './base.js';
import { encodeClasses, requireTwoClasses, type EncodedClasses } from './class-labels.js';
import type { ParamSpec, ParamValue, Params } from './estimator.js';
import { ovoDecisionValues, ovrFromOvo } from './libsvm/decision.js';
import { LibsvmModel, MAX_COMMAND_LENGTH, type LibsvmModelArrays } from './libsvm/wasm.js';
import { registerEstimator } from './registry.js';
import { checkBoolean, checkChoice, checkFitData, checkFinite, checkNumber, checkPredictData, checkSeed } from './validate.js';
import { svmCost } from './cost-hints.js';

const KERNELS = ['rbf', 'linear', 'poly', 'sigmoid'] as const;
const KERNEL_CODE: Record<(typeof KERNELS)[number], number> = { linear: 0, poly: 1, rbf: 2, sigmoid: 3 };

/** SVC's hyperparameters (scikit-learn's names and defaults). */
export interface SVCParams extends Params {
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
  randomState: number | null;
  decisionFunctionShape: 'ovr' | 'ovo';
}

/** Parameter metadata (defaults and one-line docs) for SVC. */
export const SVC_PARAMS: Record<keyof SVCParams & string, ParamSpec> = {
  kernel: { default: 'rbf', doc: "kernel: 'rbf', 'linear', 'poly' or 'sigmoid'", accepts: [rule.oneOf(...KERNELS)] },
  C: { default: 1.0, doc: 'regularisation: penalty of the error term, > 0', accepts: [rule.num({ gt: 0 })] },
  gamma: { default: 'scale', doc: "kernel coefficient (rbf/poly/sigmoid): a number > 0, 'scale' = 1/(nFeatures·X.var()) or 'auto' = 1/nFeatures", accepts: [rule.num({ gt: 0 }), rule.oneOf('scale', 'auto')] },
  degree: { default: 3, doc: 'degree of the poly kernel, integer >= 0', accepts: [rule.int({ ge: 0 })] },
  coef0: { default: 0.0, doc: 'independent term of the poly and sigmoid kernels', accepts: [rule.num()] },
  tol: { default: 1e-3, doc: 'tolerance of the stopping criterion, > 0', accepts: [rule.num({ gt: 0 })] },
  classWeight: { default: null, doc: "null, 'balanced' (n/(nClasses·count)) or {label: weight}: C of class i becomes weight·C", accepts: [rule.null, rule.oneOf('balanced'), rule.weights] },
  probability: { default: false, doc: 'fit Platt scaling (libsvm internal 5-fold CV) so predictProba is available', accepts: [rule.bool] },
  shrinking: { default: true, doc: 'use the shrinking heuristic', accepts: [rule.bool] },
  cacheSize: { default: 200, doc: 'kernel cache size in MB', accepts: [rule.num({ gt: 0 })] },
  randomState: { default: null, doc: "accepted for scikit-learn compatibility; libsvm-js's C rand() (used only by probability) cannot be seeded", accepts: [rule.int(), rule.null] },
  decisionFunctionShape: { default: 'ovr', doc: "decisionFunction for > 2 classes: 'ovr' (one column per class, scikit-learn's transform) or 'ovo' (one per class pair)", accepts: [rule.oneOf('ovr', 'ovo')] },
};

const DEFAULTS: SVCParams = defaultsOf<SVCParams>(SVC_PARAMS);

/** Frees a model's wasm memory when its SVC is garbage-collected without `free()`. */
const finalizer = new FinalizationRegistry<LibsvmModel>((m) => m.free());

interface SVCState {
  model: string;
  classes: number[];
  nFeatures: number;
  probability: boolean;
}

/** Population variance of every value of X (numpy's `X.var()`). */
function variance(data: Float64Array): number {
  let mean = 0;
  for (let i = 0; i < data.length; i++) mean += data[i]!;
  mean /= data.length;
  let s = 0;
  for (let i = 0; i < data.length; i++) s += (data[i]! - mean) ** 2;
  return s / data.length;
}

/** Row order stable-sorted by class, so libsvm's class order is sorted as in scikit-learn's libsvm fork. */
function orderByClass(enc: EncodedClasses): Int32Array {
  const start = new Int32Array(enc.classes.length);
  for (let c = 1; c < start.length; c++) start[c] = start[c - 1]! + enc.counts[c - 1]!;
  const order = new Int32Array(enc.codes.length);
  for (let i = 0; i < enc.codes.length; i++) order[start[enc.codes[i]!]!++] = i;
  return order;
}

/**
 * A number as libsvm reads it (C `atof`): 15 significant digits at most, so
 * 10 ** -4 (0.00009999999999999999 in JavaScript) is written 0.0001.
 */
function num(x: number, digits = 15): string {
  return String(Number(x.toPrecision(digits)));
}

/**
 * C-support vector classification: scikit-learn's `SVC` over libsvm 3.22 compiled
 * to WebAssembly (libsvm-js). Multiclass one-vs-one as libsvm; `predictProba` with
 * `probability: true` (Platt scaling fitted with libsvm's internal 5-fold CV, as in
 * scikit-learn); `decisionFunction` as scikit-learn's. Call `free()` / `dispose()` when
 * done to release wasm memory at once (it is also released when the estimator is
 * garbage-collected, which in a tight loop of fits may come late).
 */
export class SVC extends BaseEstimator<SVCParams> {
  readonly name = 'SVC';
  readonly kind = 'classifier' as const;
  private model: LibsvmModel | undefined;
  private arrays: LibsvmModelArrays | undefined;
  private fitted: { classes: Float64Array; nFeatures: number; probability: boolean; libsvmOrder: Int32Array } | undefined;

  constructor(params: Partial<SVCParams> = {}) {
    super(DEFAULTS, params);
  }

  /** Sorted class labels seen in fit. */
  get classes(): Float64Array | undefined {
    return this.fitted?.classes;
  }

    /** The libsvm command line for these parameters on data X (validates every parameter). */
  private command(X: Matrix, enc: EncodedClasses): string {
    const p = this.params;
    const kernel = checkChoice(this.name, 'kernel', p.kernel, KERNELS);
    const C = checkNumber(this.name, 'C', p.C, { min: 0, exclusiveMin: true });
    let gamma: number;
    if (p.gamma === 'scale') {
      const v = variance(X.data);
      gamma = v === 0 ? 1.0 : 1 / (X.cols * v);
    } else if (p.gamma === 'auto') gamma = 1 / X.cols;
    else gamma = checkNumber(this.name, 'gamma', p.gamma as ParamValue, { min: 0, exclusiveMin: true });
    const degree = checkNumber(this.name, 'degree', p.degree, { min: 0, integer: true });
    const coef0 = checkNumber(this.name, 'coef0', p.coef0);
    const tol = checkNumber(this.name, 'tol', p.tol, { min: 0, exclusiveMin: true });
    const cache = checkNumber(this.name, 'cacheSize', p.cacheSize, { min: 0, exclusiveMin: true });
    const shrinking = checkBoolean(this.name, 'shrinking', p.shrinking);
    const probability = checkBoolean(this.name, 'probability', p.probability);
    checkSeed(this.name, p.randomState);
    // Only what differs from libsvm's defaults, numbers in their shortest exact form:
    // libsvm-js mis-parses command lines over MAX_COMMAND_LENGTH characters (wasm.ts).
    const parts = ['-q 1', `-t ${KERNEL_CODE[kernel]}`, `-c ${num(C)}`, `-e ${num(tol)}`];
    if (kernel !== 'linear') parts.push(`-g ${num(gamma)}`);
    if (kernel === 'poly') parts.push(`-d ${degree}`);
    if ((kernel === 'poly' || kernel === 'sigmoid') && coef0 !== 0) parts.push(`-r ${num(coef0)}`);
    if (cache !== 100) parts.push(`-m ${num(cache)}`);
    if (!shrinking) parts.push('-h 0');
    if (probability) parts.push('-b 1');
    const weights = this.classWeights(enc);
    if (!weights) return parts.join(' ');
    // Class weights take as many digits as fit in the line (at least 6 significant:
    // a relative change of 1e-6 in a class's C does not move libsvm's solution).
    const base = parts.join(' ');
    for (let digits = 15; ; digits--) {
      const w: string[] = [];
      weights.forEach((v, c) => { if (v !== 1) w.push(`-w${c} ${num(v, digits)}`); });
      const line = w.length ? `${base} ${w.join(' ')}` : base;
      if (line.length <= MAX_COMMAND_LENGTH || digits === 6) return line;
    }
  }

  /** Per-class weights in `classes` order, or undefined (all 1). */
  private classWeights(enc: EncodedClasses): Float64Array | undefined {
    const cw = this.params.classWeight;
    if (cw === null || cw === undefined) return undefined;
    const k = enc.classes.length;
    if (cw === 'balanced') return Float64Array.from(enc.counts, (n) => enc.codes.length / (k * n));
    if (typeof cw !== 'object' || Array.isArray(cw)) {
      throw new ValidationError(`SVC: parameter 'classWeight' must be null, 'balanced' or {label: weight}, got ${JSON.stringify(cw)}`);
    }
    const w = new Float64Array(k).fill(1);
    for (const [label, weight] of Object.entries(cw)) {
      const c = enc.classes.indexOf(Number(label));
      if (c < 0) throw new ValidationError(`SVC: classWeight names class ${label}, which is not in y (classes: ${Array.from(enc.classes).join(', ')})`);
      w[c] = checkNumber(this.name, `classWeight[${label}]`, weight, { min: 0 });
    }
    return w;
  }

  fit(X: Matrix, y: Labels): this {
    checkFitData(this.name, X, y);
    const enc = encodeClasses(this.name, y);
    requireTwoClasses(this.name, enc);
    const command = this.command(X, enc);
    const model = LibsvmModel.train(X.data, X.rows, X.cols, enc.codes, orderByClass(enc), command);
    this.replaceModel(model);
    this.fitted = { classes: enc.classes, nFeatures: X.cols, probability: this.params.probability, libsvmOrder: model.labels() };
    return this;
  }

  private replaceModel(model: LibsvmModel | undefined): void {
    if (this.model) {
      finalizer.unregister(this);
      this.model.free();
    }
    this.model = model;
    this.arrays = undefined;
    if (model) finalizer.register(this, model, this);
  }

  /** Releases the libsvm model's WebAssembly memory now; the estimator becomes unfitted. */
  free(): void {
    this.replaceModel(undefined);
    this.fitted = undefined;
  }

  /** Same as `free()` (the Estimator interface's name for it). */
  dispose(): void {
    this.free();
  }

  private live(where: string, X: Matrix): { model: LibsvmModel; fitted: NonNullable<SVC['fitted']> } {
    checkPredictData(this.name, where, X, this.fitted?.nFeatures);
    checkFinite(this.name, where, X);
    return { model: this.model!, fitted: this.fitted! };
  }

  predict(X: Matrix): Float64Array {
    const { model, fitted } = this.live('predict', X);
    const codes = model.predict(X.data, X.rows, X.cols);
    const out = new Float64Array(X.rows);
    for (let i = 0; i < X.rows; i++) out[i] = fitted.classes[codes[i]!]!;
    return out;
  }

  /** True when predictProba is available with the current parameters (`probability: true`). */
  supportsProba(): boolean {
    return this.params.probability === true;
  }

  /** Platt-scaled class probabilities (columns in `classes` order); needs `probability: true` at fit time. */
  predictProba(X: Matrix): Matrix {
    const { model, fitted } = this.live('predictProba', X);
    if (!fitted.probability) {
      throw new ValidationError('SVC.predictProba: the model was fitted with probability: false; set probability: true and refit');
    }
    const k = fitted.classes.length;
    const raw = model.predictProbability(X.data, X.rows, X.cols);
    const data = new Float64Array(X.rows * k);
    for (let i = 0; i < X.rows; i++) {
      for (let j = 0; j < k; j++) data[i * k + fitted.libsvmOrder[j]!] = raw[i * k + j]!;
    }
    return { data, rows: X.rows, cols: k };
  }

  /**
   * scikit-learn's decision_function: two classes → one column, positive favours
   * classes[1]; more → 'ovr' (votes + squashed confidences, one column per class) or
   * 'ovo' (libsvm's pairwise values (0,1), (0,2), …). Computed in JS from the model's
   * support vectors, since libsvm-js does not export svm_predict_values.
   */
  decisionFunction(X: Matrix): Matrix {
    const { model, fitted } = this.live('decisionFunction', X);
    const shape = checkChoice(this.name, 'decisionFunctionShape', this.params.decisionFunctionShape, ['ovr', 'ovo']);
    this.arrays ??= model.readArrays();
    const ovo = ovoDecisionValues(this.arrays, X.data, X.rows, X.cols);
    const k = fitted.classes.length;
    if (k === 2) return { data: ovo.map((v) => -v), rows: X.rows, cols: 1 };
    if (shape === 'ovo') return { data: ovo, rows: X.rows, cols: (k * (k - 1)) / 2 };
    return { data: ovrFromOvo(ovo, X.rows, k), rows: X.rows, cols: k };
  }

  protected override getState(): SVCState | undefined {
    if (!this.fitted || !this.model) return undefined;
    return { model: this.model.serialize(), classes: Array.from(this.fitted.classes), nFeatures: this.fitted.nFeatures, probability: this.fitted.probability };
  }

  override setState(state: unknown): void {
    const s = state as Partial<SVCState> | null;
    if (!s || typeof s.model !== 'string' || !Array.isArray(s.classes) || typeof s.nFeatures !== 'number') {
      throw new ValidationError('SVC: fitted state must be {model: string, classes: number[], nFeatures: number, probability: boolean}');
    }
    const model = LibsvmModel.deserialize(s.model);
    this.replaceModel(model);
    this.fitted = { classes: Float64Array.from(s.classes), nFeatures: s.nFeatures, probability: s.probability === true, libsvmOrder: model.labels() };
  }
}

registerEstimator('SVC', (p) => new SVC(p as Partial<SVCParams>), {
  costHint: svmCost,
  params: SVC_PARAMS,
  doc: 'C-support vector classifier over libsvm-js (libsvm 3.22 in WebAssembly); one-vs-one multiclass',
  restore: (est, state) => (est as SVC).setState(state),
});
