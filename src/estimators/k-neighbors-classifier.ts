import { rule } from '../params/rules.js';
import { createRequire } from 'node:module';
import type { Labels, Matrix } from '../data/matrix.js';
import { toArrays } from '../data/matrix.js';
import { BaseEstimator } from './base.js';
import { encodeClasses } from './class-labels.js';
import type { ParamSpec } from './estimator.js';
import { registerEstimator } from './registry.js';
import { checkChoice, checkFinite, checkFitData, checkNumber, checkPredictData } from './validate.js';
import { ValidationError } from '../errors.js';
import { neighboursCost } from './cost-hints.js';

/** The part of ml-knn this adapter uses: its k-d tree's k-nearest search. */
interface MlKNN {
  kdTree: { nearest(point: ArrayLike<number>, k: number): [number[], number][] };
}
const require = createRequire(import.meta.url);
const KNN = require('ml-knn') as new (X: number[][], y: number[], o: { k: number; distance?: (a: ArrayLike<number>, b: ArrayLike<number>) => number }) => MlKNN;

/** KNeighborsClassifier's hyperparameters (scikit-learn's names and defaults). */
export type KNeighborsClassifierParams = {
  nNeighbors: number;
  weights: 'uniform' | 'distance';
  p: number;
};

/** Parameter metadata for KNeighborsClassifier. */
export const KNN_PARAMS: Record<keyof KNeighborsClassifierParams & string, ParamSpec> = {
  nNeighbors: { default: 5, doc: 'number of neighbours, integer >= 1 (at most the training rows)', accepts: [rule.int({ ge: 1 })] },
  weights: {
    default: 'uniform',
    doc: "'uniform' (each neighbour one vote) or 'distance' (1/distance; exact matches win)",
    accepts: [rule.oneOf('uniform', 'distance')],
  },
  p: { default: 2, doc: 'Minkowski power: 1 (manhattan) or 2 (euclidean)', accepts: [rule.int({ ge: 1, le: 2 })] },
};

/** Manhattan distance over the query's length (ml-knn appends the label to stored points). */
function manhattan(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) d += Math.abs(a[i]! - b[i]!);
  return d;
}

/**
 * k-nearest-neighbours classifier. ml-knn's k-d tree finds the neighbours; the
 * adapter votes as scikit-learn does (ties go to the smallest label, not to the
 * nearest neighbour's class as in ml-knn) and gives `predictProba` (vote shares).
 */
export class KNeighborsClassifier extends BaseEstimator<KNeighborsClassifierParams> {
  readonly name = 'KNeighborsClassifier';
  readonly kind = 'classifier' as const;
  private fitted: { model: MlKNN; classes: Float64Array; nFeatures: number; k: number; X: Float64Array; codes: Int32Array } | undefined;

  constructor(params: Partial<KNeighborsClassifierParams> = {}) {
    super({ nNeighbors: 5, weights: 'uniform', p: 2 }, params);
  }

  /** Sorted class labels seen in fit. */
  get classes(): Float64Array | undefined {
    return this.fitted?.classes;
  }

  fit(X: Matrix, y: Labels): this {
    checkFitData(this.name, X, y);
    const k = checkNumber(this.name, 'nNeighbors', this.params.nNeighbors, { min: 1, integer: true });
    checkChoice(this.name, 'weights', this.params.weights, ['uniform', 'distance']);
    const p = checkNumber(this.name, 'p', this.params.p, { min: 1, max: 2, integer: true });
    if (k > X.rows) throw new ValidationError(`KNeighborsClassifier: nNeighbors = ${k} but the training set has only ${X.rows} rows`);
    const enc = encodeClasses(this.name, y);
    this.build(X, enc.codes, enc.classes, k, p);
    return this;
  }

  private build(X: Matrix, codes: Int32Array, classes: Float64Array, k: number, p: number): void {
    const model = new KNN(toArrays(X), Array.from(codes), p === 1 ? { k, distance: manhattan } : { k });
    this.fitted = { model, classes, nFeatures: X.cols, k, X: X.data, codes };
  }

  /** The training set (a k-NN model is its data); the k-d tree is rebuilt on restore. */
  protected override getState(): { X: number[]; codes: number[]; classes: number[]; nFeatures: number } | undefined {
    const f = this.fitted;
    return f && { X: Array.from(f.X), codes: Array.from(f.codes), classes: Array.from(f.classes), nFeatures: f.nFeatures };
  }

  override setState(state: unknown): void {
    const s = state as { X?: unknown; codes?: unknown; classes?: unknown; nFeatures?: unknown } | null;
    if (
      !s ||
      !Array.isArray(s.X) ||
      !Array.isArray(s.codes) ||
      !Array.isArray(s.classes) ||
      typeof s.nFeatures !== 'number' ||
      s.X.length !== s.codes.length * s.nFeatures
    ) {
      throw new ValidationError(
        'KNeighborsClassifier: fitted state must be {X: number[] (rows × nFeatures), codes: number[], classes: number[], nFeatures: number}',
      );
    }
    const X = { data: Float64Array.from(s.X as number[]), rows: s.codes.length, cols: s.nFeatures };
    const k = checkNumber(this.name, 'nNeighbors', this.params.nNeighbors, { min: 1, integer: true });
    const p = checkNumber(this.name, 'p', this.params.p, { min: 1, max: 2, integer: true });
    this.build(X, Int32Array.from(s.codes as number[]), Float64Array.from(s.classes as number[]), k, p);
  }

  /** Weighted votes per row and class, normalised to sum to 1. */
  private votes(X: Matrix, where: string): Float64Array {
    checkPredictData(this.name, where, X, this.fitted?.nFeatures);
    checkFinite(this.name, where, X);
    const { model, classes, k, nFeatures } = this.fitted!;
    const nc = classes.length;
    const out = new Float64Array(X.rows * nc);
    const byDistance = this.params.weights === 'distance';
    for (let i = 0; i < X.rows; i++) {
      const neighbours = model.kdTree.nearest(X.data.subarray(i * nFeatures, (i + 1) * nFeatures), k);
      const exact = byDistance && neighbours.some(([, d]) => d === 0);
      let total = 0;
      for (const [point, d] of neighbours) {
        const w = !byDistance ? 1 : exact ? (d === 0 ? 1 : 0) : 1 / d;
        out[i * nc + point[nFeatures]!] += w;
        total += w;
      }
      for (let c = 0; c < nc; c++) out[i * nc + c]! /= total;
    }
    return out;
  }

  predict(X: Matrix): Float64Array {
    const v = this.votes(X, 'predict');
    const { classes } = this.fitted!;
    const nc = classes.length;
    const out = new Float64Array(X.rows);
    for (let i = 0; i < X.rows; i++) {
      let best = 0;
      for (let c = 1; c < nc; c++) if (v[i * nc + c]! > v[i * nc + best]!) best = c;
      out[i] = classes[best]!;
    }
    return out;
  }

  /** Share of (weighted) neighbour votes per class, columns in `classes` order. */
  predictProba(X: Matrix): Matrix {
    return { data: this.votes(X, 'predictProba'), rows: X.rows, cols: this.fitted!.classes.length };
  }
}

registerEstimator('KNeighborsClassifier', (p) => new KNeighborsClassifier(p as Partial<KNeighborsClassifierParams>), {
  costHint: neighboursCost,
  params: KNN_PARAMS,
  doc: 'k-nearest-neighbours classifier (ml-knn k-d tree, scikit-learn voting)',
  restore: (est, state) => (est as KNeighborsClassifier).setState(state),
});
