import { rule } from '../params/rules.js';
import { createRequire } from 'node:module';
import { FitError, ValidationError } from '../errors.js';
import type { Labels, Matrix } from '../data/matrix.js';
import { toArrays } from '../data/matrix.js';
import { makeRng } from '../params/rng.js';
import { BaseEstimator, defaultsOf } from './base.js';
import { encodeClasses, requireTwoClasses } from './class-labels.js';
import type { ParamSpec } from './estimator.js';
import { registerEstimator } from './registry.js';
import { checkChoice, checkFinite, checkFitData, checkNumber, checkPredictData, checkSeed } from './validate.js';
import { svmCost } from './cost-hints.js';

/** The parts of ml-svm's SVM this adapter uses. */
interface MlSvm {
  train(X: number[][], y: number[]): void;
  margin(X: number[][]): number[];
  supportVectors(): number[];
  toJSON(): unknown;
  b: number;
}
interface MlSvmClass {
  new (options: Record<string, unknown>): MlSvm;
  load(model: unknown): MlSvm;
}
const require = createRequire(import.meta.url);
const MlSVM = require('ml-svm') as MlSvmClass;

/** SMOClassifier's hyperparameters. */
export type SMOClassifierParams = {
  C: number;
  tol: number;
  maxPasses: number;
  maxIter: number;
  kernel: 'rbf' | 'linear';
  gamma: number | 'scale' | 'auto';
  randomState: number | null;
};

/** Parameter metadata for SMOClassifier. */
export const SMO_CLASSIFIER_PARAMS: Record<keyof SMOClassifierParams & string, ParamSpec> = {
  C: { default: 1.0, doc: 'box constraint of the dual (as SVC), > 0', accepts: [rule.num({ gt: 0 })] },
  tol: { default: 1e-3, doc: 'KKT violation tolerance of the simplified SMO, > 0', accepts: [rule.num({ gt: 0 })] },
  maxPasses: { default: 10, doc: 'stop after this many full passes over the data without an alpha change, integer >= 1', accepts: [rule.int({ ge: 1 })] },
  maxIter: { default: 10000, doc: 'passes allowed before the fit fails (ml-svm maxIterations), integer >= 1', accepts: [rule.int({ ge: 1 })] },
  kernel: { default: 'rbf', doc: "'rbf' or 'linear'", accepts: [rule.oneOf('rbf', 'linear')] },
  gamma: {
    default: 'scale',
    doc: "rbf coefficient: number > 0, 'scale' = 1/(nFeatures·X.var()) or 'auto' = 1/nFeatures (passed to ml-svm as sigma = √(1/(2·gamma)))",
    accepts: [rule.num({ gt: 0 }), rule.oneOf('scale', 'auto')],
  },
  randomState: { default: null, doc: 'seed of the SMO partner choice (seedrandom); null draws a fresh seed', accepts: [rule.int(), rule.null] },
};

/** Population variance of every value (numpy's `X.var()`). */
function variance(d: Float64Array): number {
  let m = 0;
  for (let i = 0; i < d.length; i++) m += d[i]!;
  m /= d.length;
  let s = 0;
  for (let i = 0; i < d.length; i++) s += (d[i]! - m) ** 2;
  return s / d.length;
}

interface SMOState {
  models: unknown[];
  classes: number[];
  nFeatures: number;
}

/**
 * A support vector classifier trained by ml-svm's simplified SMO (pure JavaScript,
 * binary), one-vs-rest for more than two classes. Not libsvm: the simplified SMO
 * picks the second multiplier at random (seeded by `randomState`), keeps the full
 * N×N kernel matrix, and stops after `maxPasses` quiet passes, so its solutions are
 * close to but not exactly SVC's; multiclass is one-vs-rest (argmax of margins),
 * not one-vs-one; it has no probability estimates. ml-svm's min-max "whitening" is
 * switched off (it divides by zero on constant columns and silently predicts one
 * class); scale with a StandardScaler in a Pipeline instead.
 */
export class SMOClassifier extends BaseEstimator<SMOClassifierParams> {
  readonly name = 'SMOClassifier';
  readonly kind = 'classifier' as const;
  private fitted: { models: MlSvm[]; classes: Float64Array; nFeatures: number } | undefined;

  constructor(params: Partial<SMOClassifierParams> = {}) {
    super(defaultsOf<SMOClassifierParams>(SMO_CLASSIFIER_PARAMS), params);
  }

  /** Sorted class labels seen in fit. */
  get classes(): Float64Array | undefined {
    return this.fitted?.classes;
  }

  private options(X: Matrix): Record<string, unknown> {
    const p = this.params;
    const C = checkNumber(this.name, 'C', p.C, { min: 0, exclusiveMin: true });
    const tol = checkNumber(this.name, 'tol', p.tol, { min: 0, exclusiveMin: true });
    const maxPasses = checkNumber(this.name, 'maxPasses', p.maxPasses, { min: 1, integer: true });
    const maxIterations = checkNumber(this.name, 'maxIter', p.maxIter, { min: 1, integer: true });
    const kernel = checkChoice(this.name, 'kernel', p.kernel, ['rbf', 'linear']);
    const seed = checkSeed(this.name, p.randomState);
    const base = { C, tol, maxPasses, maxIterations, whitening: false, random: makeRng(seed ?? undefined) };
    if (kernel === 'linear') return { ...base, kernel: 'linear' };
    let gamma: number;
    if (p.gamma === 'scale') {
      const v = variance(X.data);
      gamma = v === 0 ? 1 : 1 / (X.cols * v);
    } else if (p.gamma === 'auto') gamma = 1 / X.cols;
    else gamma = checkNumber(this.name, 'gamma', p.gamma, { min: 0, exclusiveMin: true });
    return { ...base, kernel: 'rbf', kernelOptions: { sigma: Math.sqrt(1 / (2 * gamma)) } };
  }

  fit(X: Matrix, y: Labels): this {
    checkFitData(this.name, X, y);
    const enc = encodeClasses(this.name, y);
    requireTwoClasses(this.name, enc);
    const options = this.options(X);
    const rows = toArrays(X);
    const k = enc.classes.length;
    // Binary: one model, positive class = classes[1] (scikit-learn's convention). Else one per class.
    const positives = k === 2 ? [1] : Array.from({ length: k }, (_, c) => c);
    const models = positives.map((c) => {
      const model = new MlSVM(options);
      try {
        model.train(
          rows,
          Array.from(enc.codes, (code) => (code === c ? 1 : -1)),
        );
      } catch (err) {
        throw new FitError(
          `SMOClassifier: ml-svm failed for class ${enc.classes[c]} vs rest: ${(err as Error).message}` +
            (/max iterations/.test(String(err)) ? '; raise maxIter, lower C or scale the features' : ''),
          undefined,
          undefined,
          { cause: err },
        );
      }
      if (model.supportVectors().length === 0 || !Number.isFinite(model.b)) {
        throw new FitError(
          `SMOClassifier: ml-svm found no support vectors for class ${enc.classes[c]} vs rest (bias ${model.b}); ` +
            'the model would predict one class: check for NaN/constant features, raise C or change gamma',
        );
      }
      return model;
    });
    this.fitted = { models, classes: enc.classes, nFeatures: X.cols };
    return this;
  }

  /** Margins: one column for two classes (positive = classes[1]), else one per class (one-vs-rest). */
  decisionFunction(X: Matrix): Matrix {
    checkPredictData(this.name, 'decisionFunction', X, this.fitted?.nFeatures);
    checkFinite(this.name, 'decisionFunction', X);
    const { models } = this.fitted!;
    const rows = toArrays(X);
    const m = models.length;
    const data = new Float64Array(X.rows * m);
    models.forEach((model, c) => model.margin(rows).forEach((v, i) => (data[i * m + c] = v)));
    return { data, rows: X.rows, cols: m };
  }

  predict(X: Matrix): Float64Array {
    const d = this.decisionFunction(X);
    const { classes } = this.fitted!;
    const out = new Float64Array(X.rows);
    for (let i = 0; i < X.rows; i++) {
      if (d.cols === 1) {
        out[i] = classes[d.data[i]! > 0 ? 1 : 0]!;
        continue;
      }
      let best = 0;
      for (let c = 1; c < d.cols; c++) if (d.data[i * d.cols + c]! > d.data[i * d.cols + best]!) best = c;
      out[i] = classes[best]!;
    }
    return out;
  }

  protected override getState(): SMOState | undefined {
    const f = this.fitted;
    return f && { models: f.models.map((m) => JSON.parse(JSON.stringify(m.toJSON())) as unknown), classes: Array.from(f.classes), nFeatures: f.nFeatures };
  }

  override setState(state: unknown): void {
    const s = state as Partial<SMOState> | null;
    if (!s || !Array.isArray(s.models) || !Array.isArray(s.classes) || typeof s.nFeatures !== 'number') {
      throw new ValidationError('SMOClassifier: fitted state must be {models: object[], classes: number[], nFeatures: number}');
    }
    this.fitted = { models: s.models.map((m) => MlSVM.load(m)), classes: Float64Array.from(s.classes), nFeatures: s.nFeatures };
  }
}

registerEstimator('SMOClassifier', (p) => new SMOClassifier(p as Partial<SMOClassifierParams>), {
  costHint: svmCost,
  params: SMO_CLASSIFIER_PARAMS,
  doc: 'support vector classifier by ml-svm simplified SMO (pure JS), one-vs-rest; slow, for small data',
  restore: (est, state) => (est as SMOClassifier).setState(state),
});
