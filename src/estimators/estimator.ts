import type { DataSet } from '../data/dataset.js';
import type { Labels, Matrix } from '../data/matrix.js';
import type { ParamRule } from '../params/rules.js';

/** A hyperparameter value: what can cross a thread or a host as JSON. */
export type ParamValue = number | string | boolean | null | ParamValue[] | { [key: string]: ParamValue };

/** An estimator's hyperparameters by name (scikit-learn's names, camelCase). */
export type Params = Record<string, ParamValue>;

/** A (fitted or not) estimator as plain JSON: rebuilt through the registry by `estimatorFromJSON`. */
export interface SerializedEstimator {
  name: string;
  params: Params;
  /** Fitted state, estimator-specific; absent when not fitted. */
  state?: unknown;
}

/**
 * One part of a fit split into `count` independent parts (a forest's trees in `count` ranges),
 * so that one fit can run on several threads: part `index` (0-based) of `count`.
 */
export interface FitPart {
  index: number;
  count: number;
}

/** What kind of target an estimator predicts; decides the default `cv` and scoring. */
export type EstimatorKind = 'classifier' | 'regressor' | 'transformer';

/** A model with hyperparameters; fitted in place. The contract every estimator meets. */
export interface Estimator<P extends Params = Params> {
  /** Registry key, e.g. 'RandomForestClassifier'. */
  readonly name: string;
  /** Classifier or regressor (scikit-learn's `_estimator_type`). */
  readonly kind: EstimatorKind;
  /** Current hyperparameters (a copy). */
  getParams(): P;
  /** Sets hyperparameters; an unknown name is a ValidationError listing the valid ones. */
  setParams(params: Partial<P>): this;
  /** Fits in place on X (rows × features) and y. */
  fit(X: Matrix, y: Labels): this;
  /** Predicts one label / value per row. */
  predict(X: Matrix): Labels;
  /** Class probabilities, one column per class in `classes` order (classifiers that have it). */
  predictProba?(X: Matrix): Matrix;
  /** Decision function values (binary: one column of scores; multiclass: one per class). */
  decisionFunction?(X: Matrix): Matrix;
  /** Sorted class labels seen in fit (classifiers). */
  readonly classes?: Float64Array;
  /** A new unfitted estimator with the same hyperparameters. */
  clone(): Estimator<P>;
  /**
   * Optional: releases memory held outside the JS heap (SVC's WebAssembly model) at once;
   * the estimator becomes unfitted. Callers that drop an estimator after scoring (fitAndScore)
   * should call it; without it the memory is released only when the estimator is garbage-collected.
   */
  dispose?(): void;
  /** Plain-JSON form (parameters plus fitted state). */
  toJSON(): SerializedEstimator;
  /**
   * Optional fast path: fit on rows `train` of a shared data set without
   * materialising them (the forest uses the data set's binned payload).
   * With `part` (estimators that have `fitParts`), fit only that part of the fit.
   */
  fitIndexed?(data: DataSet, train: Int32Array, part?: FitPart): this;
  /**
   * Optional: into how many independent parts a fit with the current parameters can be split
   * (a forest: its trees), each fitted by `fitIndexed(data, train, part)` — for one fit spread
   * over several threads, as scikit-learn's forests use `n_jobs` (a search's refit).
   */
  fitParts?(): number;
  /**
   * Optional (with `fitParts`): makes this estimator the fit made of `parts`, the fitted
   * estimators of parts 0 … n−1 of one fit (`toJSON()` of each, in part order), identical to
   * fitting it whole with the same parameters and rows.
   */
  joinParts?(parts: readonly SerializedEstimator[]): this;
  /**
   * Optional: precompute payloads from the whole data set once per search
   * (stored in `data.derived`), so every fit of the search reuses them.
   */
  prepareData?(data: DataSet): void;
}

/** A transformer: fit learns statistics, transform applies them (StandardScaler). */
export interface Transformer<P extends Params = Params> {
  readonly name: string;
  readonly kind: 'transformer';
  getParams(): P;
  setParams(params: Partial<P>): this;
  fit(X: Matrix, y?: Labels): this;
  transform(X: Matrix): Matrix;
  clone(): Transformer<P>;
  toJSON(): SerializedEstimator;
}

/** Parameter metadata shown by `--list-estimators` and used to validate spaces. */
export interface ParamSpec {
  /** scikit-learn's default, camelCased. */
  default: ParamValue;
  /** One line: what the parameter does and which values it takes. */
  doc: string;
  /**
   * The forms a value may take (any one will do), e.g. `[rule.num({ gt: 0 })]` for C > 0:
   * a search checks every grid value and every distribution's support against them before
   * any fit (src/params/rules.ts). Absent: values are checked only by `fit`.
   */
  accepts?: readonly ParamRule[];
}
