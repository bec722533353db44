import { rule } from '../params/rules.js';
import { createRequire } from 'node:module';
import { ValidationError } from '../errors.js';
import type { Labels, Matrix } from '../data/matrix.js';
import { BaseEstimator } from './base.js';
import { encodeClasses, requireTwoClasses } from './class-labels.js';
import type { ParamSpec } from './estimator.js';
import { registerEstimator } from './registry.js';
import { checkBoolean, checkFinite, checkFitData, checkNumber, checkPredictData } from './validate.js';
import { iterationsCost } from './cost-hints.js';

/** The parts of ml-matrix's Matrix and ml-logistic-regression this adapter uses. */
interface MlMatrix {
  readonly rows: number;
}
interface MlMatrixClass {
  from1DArray(rows: number, cols: number, data: ArrayLike<number>): MlMatrix;
  columnVector(data: number[]): MlMatrix;
}
interface MlBinaryLR {
  testScores(X: MlMatrix): number[];
  toJSON(): unknown;
}
interface MlLogisticRegression {
  train(X: MlMatrix, y: MlMatrix): void;
  classifiers: MlBinaryLR[];
  toJSON(): unknown;
}
interface MlLogisticRegressionClass {
  new (o: { numSteps: number; learningRate: number }): MlLogisticRegression;
  load(model: unknown): MlLogisticRegression;
}
const require = createRequire(import.meta.url);
const LR = require('ml-logistic-regression') as MlLogisticRegressionClass;
// The Matrix class ml-logistic-regression itself resolves (train() calls its methods).
const { Matrix: MlMatrixCtor } = createRequire(require.resolve('ml-logistic-regression'))('ml-matrix') as { Matrix: MlMatrixClass };

/** LogisticRegression's hyperparameters: the subset ml-logistic-regression can honour. */
export type LogisticRegressionParams = {
  maxIter: number;
  learningRate: number;
  fitIntercept: boolean;
};

/** Parameter metadata for LogisticRegression. */
export const LOGISTIC_REGRESSION_PARAMS: Record<keyof LogisticRegressionParams & string, ParamSpec> = {
  maxIter: { default: 100, doc: 'gradient-ascent steps per one-vs-rest model (ml-logistic-regression numSteps), integer >= 1', accepts: [rule.int({ ge: 1 })] },
  learningRate: { default: 5e-4, doc: 'gradient-ascent step size (not in scikit-learn), > 0', accepts: [rule.num({ gt: 0 })] },
  fitIntercept: { default: true, doc: 'add a constant column so each model learns an intercept', accepts: [rule.bool] },
};

interface LRState {
  model: unknown;
  classes: number[];
  nFeatures: number;
}

/**
 * Logistic regression over ml-logistic-regression: one-vs-rest models fitted by a
 * fixed number of full-batch gradient-ascent steps, WITHOUT regularisation. It is not
 * scikit-learn's LogisticRegression (L2 penalty `C`, lbfgs to convergence, multinomial
 * loss): `C`, `penalty`, `solver` and `tol` are not parameters, so grids using them fail
 * early. Scale the features (StandardScaler in a Pipeline): raw large values make the
 * fixed step size overshoot. `predictProba` normalises the one-vs-rest sigmoids to sum
 * to 1, as scikit-learn's `multi_class='ovr'` does.
 */
export class LogisticRegression extends BaseEstimator<LogisticRegressionParams> {
  readonly name = 'LogisticRegression';
  readonly kind = 'classifier' as const;
  private fitted: { model: MlLogisticRegression; classes: Float64Array; nFeatures: number; intercept: boolean } | undefined;

  constructor(params: Partial<LogisticRegressionParams> = {}) {
    super({ maxIter: 100, learningRate: 5e-4, fitIntercept: true }, params);
  }

  /** Sorted class labels seen in fit. */
  get classes(): Float64Array | undefined {
    return this.fitted?.classes;
  }

  private design(X: Matrix, intercept: boolean): MlMatrix {
    if (!intercept) return MlMatrixCtor.from1DArray(X.rows, X.cols, X.data);
    const c = X.cols + 1;
    const d = new Float64Array(X.rows * c);
    for (let i = 0; i < X.rows; i++) {
      d.set(X.data.subarray(i * X.cols, (i + 1) * X.cols), i * c);
      d[i * c + X.cols] = 1;
    }
    return MlMatrixCtor.from1DArray(X.rows, c, d);
  }

  fit(X: Matrix, y: Labels): this {
    checkFitData(this.name, X, y);
    const numSteps = checkNumber(this.name, 'maxIter', this.params.maxIter, { min: 1, integer: true });
    const learningRate = checkNumber(this.name, 'learningRate', this.params.learningRate, { min: 0, exclusiveMin: true });
    const intercept = checkBoolean(this.name, 'fitIntercept', this.params.fitIntercept);
    const enc = encodeClasses(this.name, y);
    requireTwoClasses(this.name, enc);
    const model = new LR({ numSteps, learningRate });
    model.train(this.design(X, intercept), MlMatrixCtor.columnVector(Array.from(enc.codes)));
    this.fitted = { model, classes: enc.classes, nFeatures: X.cols, intercept };
    return this;
  }

  /** P(class c | x) from the one-vs-rest models, normalised per row. */
  predictProba(X: Matrix): Matrix {
    checkPredictData(this.name, 'predictProba', X, this.fitted?.nFeatures);
    checkFinite(this.name, 'predictProba', X);
    const { model, classes, intercept } = this.fitted!;
    const k = classes.length;
    const design = this.design(X, intercept);
    const data = new Float64Array(X.rows * k);
    for (let c = 0; c < k; c++) {
      // ml-logistic-regression codes class c as 0 and the rest as 1: its score is P(not c).
      const notC = model.classifiers[c]!.testScores(design);
      for (let i = 0; i < X.rows; i++) data[i * k + c] = 1 - notC[i]!;
    }
    for (let i = 0; i < X.rows; i++) {
      let s = 0;
      for (let c = 0; c < k; c++) s += data[i * k + c]!;
      for (let c = 0; c < k; c++) data[i * k + c] = s > 0 ? data[i * k + c]! / s : 1 / k;
    }
    return { data, rows: X.rows, cols: k };
  }

  predict(X: Matrix): Float64Array {
    const p = this.predictProba(X);
    const { classes } = this.fitted!;
    const k = classes.length;
    const out = new Float64Array(X.rows);
    for (let i = 0; i < X.rows; i++) {
      let best = 0;
      for (let c = 1; c < k; c++) if (p.data[i * k + c]! > p.data[i * k + best]!) best = c;
      out[i] = classes[best]!;
    }
    return out;
  }

  protected override getState(): LRState | undefined {
    const f = this.fitted;
    return f && { model: JSON.parse(JSON.stringify(f.model)) as unknown, classes: Array.from(f.classes), nFeatures: f.nFeatures };
  }

  override setState(state: unknown): void {
    const s = state as Partial<LRState> | null;
    if (!s || !s.model || !Array.isArray(s.classes) || typeof s.nFeatures !== 'number') {
      throw new ValidationError('LogisticRegression: fitted state must be {model, classes: number[], nFeatures: number}');
    }
    this.fitted = { model: LR.load(s.model), classes: Float64Array.from(s.classes), nFeatures: s.nFeatures, intercept: this.params.fitIntercept };
  }
}

registerEstimator('LogisticRegression', (p) => new LogisticRegression(p as Partial<LogisticRegressionParams>), {
  costHint: iterationsCost,
  params: LOGISTIC_REGRESSION_PARAMS,
  doc: 'one-vs-rest logistic regression by gradient ascent (ml-logistic-regression); no regularisation, unlike scikit-learn',
  restore: (est, state) => (est as LogisticRegression).setState(state),
});
