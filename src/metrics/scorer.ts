import type { Labels, Matrix } from '../data/matrix.js';
import type { Estimator } from '../estimators/estimator.js';

/**
 * A scorer: `(fittedEstimator, X, yTrue) => number`, greater is better (scikit-learn's
 * convention: loss metrics are negated, e.g. 'neg_log_loss').
 */
export type ScorerFn = (estimator: Estimator, X: Matrix, y: Labels) => number;

/** What a scorer calls on the fitted estimator. */
export type ScorerNeeds = 'predict' | 'proba' | 'decision';

/** A named scorer with what it needs from the estimator (validated before dispatch). */
export interface Scorer {
  name: string;
  fn: ScorerFn;
  /** 'predict' (labels), 'proba' (predictProba), or 'decision' (decisionFunction, falling back to proba). */
  needs: ScorerNeeds;
  /** True for metrics defined on classifiers only. */
  classifierOnly?: boolean;
  /** False when the metric is a loss and `fn` returns it negated (scikit-learn's sign convention). */
  greaterIsBetter?: boolean;
  /** One line: the metric and its options, e.g. 'f1Score, average macro'. */
  doc?: string;
}
