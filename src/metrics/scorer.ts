import type { Labels, Matrix } from '../data/matrix.js';
import type { ClassLabel } from '../estimators/class-labels.js';
import type { Estimator } from '../estimators/estimator.js';

/**
 * A scorer: `(fittedEstimator, X, yTrue) => number`, greater is better (scikit-learn's
 * convention: loss metrics are negated, e.g. 'neg_log_loss').
 */
export type ScorerFn = (estimator: Estimator, X: Matrix, y: Labels) => number;

/** What a scorer calls on the fitted estimator. */
export type ScorerNeeds = 'predict' | 'proba' | 'decision';

/** scikit-learn 1.2.1's scoring strings that hyperfold provides (`listScorers()` at run time). */
export type BuiltinScoringName =
  | 'accuracy'
  | 'balanced_accuracy'
  | 'f1'
  | 'f1_macro'
  | 'f1_micro'
  | 'f1_weighted'
  | 'precision'
  | 'precision_macro'
  | 'precision_micro'
  | 'precision_weighted'
  | 'recall'
  | 'recall_macro'
  | 'recall_micro'
  | 'recall_weighted'
  | 'matthews_corrcoef'
  | 'roc_auc'
  | 'roc_auc_ovr'
  | 'roc_auc_ovo'
  | 'roc_auc_ovr_weighted'
  | 'roc_auc_ovo_weighted'
  | 'average_precision'
  | 'neg_log_loss'
  | 'r2'
  | 'explained_variance'
  | 'neg_mean_squared_error'
  | 'neg_root_mean_squared_error'
  | 'neg_mean_absolute_error'
  | 'neg_median_absolute_error';

/**
 * Names of scorers you register yourself, declared by augmenting this interface so that
 * `scoring: 'my_metric'` compiles: `declare module 'hyperfold' { interface ScorerNames { my_metric: true } }`.
 * (Or skip the declaration and pass the Scorer object that `makeScorer` returns as `scoring`.)
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled by declaration merging
export interface ScorerNames {}

/** A scoring string a search accepts: a built-in name or one declared in `ScorerNames`. */
export type ScoringName = BuiltinScoringName | (keyof ScorerNames & string);

/** A named scorer with what it needs from the estimator (validated before dispatch). */
export interface Scorer<N extends string = string> {
  name: N;
  fn: ScorerFn;
  /** 'predict' (labels), 'proba' (predictProba), or 'decision' (decisionFunction, falling back to proba). */
  needs: ScorerNeeds;
  /** True for metrics defined on classifiers only. */
  classifierOnly?: boolean;
  /** False when the metric is a loss and `fn` returns it negated (scikit-learn's sign convention). */
  greaterIsBetter?: boolean;
  /** One line: the metric and its options, e.g. 'f1Score, average macro'. */
  doc?: string;
  /**
   * Present when the scorer's options name classes (`posLabel: 'yes'`, `labels: ['a', 'b']`):
   * the same scorer over class indices, as a search on string labels scores (its estimators see
   * each class as its index in `classes`). `classes` undefined: the search's labels are numbers.
   * A name that is not a class is a ValidationError naming it and the classes.
   */
  forClasses?(classes: readonly ClassLabel[] | undefined): Scorer<N>;
}
