/** Metric functions (scikit-learn semantics) and the scorer registry. */
export * from './classification.js';
export * from './prf.js';
export { auc, precisionRecallCurve, rocCurve, type PrecisionRecallCurveOptions, type RocCurveOptions } from './curves.js';
export * from './ranking.js';
export * from './log-loss.js';
export * from './regression.js';
export type { Scorer, ScorerFn, ScorerNeeds } from './scorer.js';
export { makeScorer, type MakeScorerOptions, type PredictMetric, type ScoreMetric } from './make-scorer.js';
export { getScorer, registerScorer, hasScorer, listScorers } from './scorers.js';
