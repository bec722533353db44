/**
 * The built-in scorers, by scikit-learn 1.2.1's scoring strings ('accuracy', 'f1_macro',
 * 'roc_auc_ovr', 'neg_log_loss', 'r2', …), with its sign convention (losses negated).
 */
import type { Labels, Matrix } from '../data/matrix.js';
import type { Estimator } from '../estimators/estimator.js';
import { accuracyScore, balancedAccuracyScore, matthewsCorrcoef } from './classification.js';
import { logLoss } from './log-loss.js';
import { scorerFrom } from './make-scorer.js';
import { f1Score, precisionScore, recallScore, type Average, type PrfOptions } from './prf.js';
import { averagePrecisionScore, rocAucScore } from './ranking.js';
import { explainedVarianceScore, meanAbsoluteError, meanSquaredError, medianAbsoluteError, r2Score } from './regression.js';
import type { Scorer } from './scorer.js';
import { probaInput, thresholdInput } from './scorer-inputs.js';

type LabelMetric = (yTrue: Labels, yPred: Labels) => number;

function predictScorer(name: string, metric: LabelMetric, doc: string, classifierOnly: boolean, greaterIsBetter = true): Scorer {
  return scorerFrom(name, 'predict', (est: Estimator, X: Matrix, y: Labels) => metric(y, est.predict(X)), { doc, classifierOnly, greaterIsBetter });
}

function prfScorers(prefix: string, metric: (yTrue: Labels, yPred: Labels, o: PrfOptions) => number, fnName: string): Scorer[] {
  const out = [predictScorer(prefix, (t, p) => metric(t, p, { average: 'binary' }), `${fnName}, average 'binary', posLabel 1`, true)];
  for (const average of ['macro', 'micro', 'weighted'] as Average[]) {
    out.push(predictScorer(`${prefix}_${average}`, (t, p) => metric(t, p, { average }), `${fnName}, average '${average}'`, true));
  }
  return out;
}

function rocAucProbaScorer(name: string, multiClass: 'ovr' | 'ovo', average: 'macro' | 'weighted'): Scorer {
  return scorerFrom(
    name,
    'proba',
    (est, X, y) => {
      const { scores, classes } = probaInput(name, est, X, y);
      return scores instanceof Float64Array ? rocAucScore(y, scores) : rocAucScore(y, scores, { multiClass, average, labels: classes });
    },
    { doc: `rocAucScore, multiClass '${multiClass}', average '${average}', from predictProba`, classifierOnly: true },
  );
}

/** Every built-in scorer, in the order listings show them. */
export function builtinScorers(): Scorer[] {
  return [
    predictScorer('accuracy', accuracyScore, 'accuracyScore', true),
    predictScorer('balanced_accuracy', balancedAccuracyScore, 'balancedAccuracyScore', true),
    ...prfScorers('f1', f1Score, 'f1Score'),
    ...prfScorers('precision', precisionScore, 'precisionScore'),
    ...prfScorers('recall', recallScore, 'recallScore'),
    predictScorer('matthews_corrcoef', matthewsCorrcoef, 'matthewsCorrcoef', true),
    scorerFrom('roc_auc', 'decision', (est, X, y) => rocAucScore(y, thresholdInput('roc_auc', est, X, y)), {
      doc: 'rocAucScore, binary, from decisionFunction else predictProba',
    }),
    rocAucProbaScorer('roc_auc_ovr', 'ovr', 'macro'),
    rocAucProbaScorer('roc_auc_ovo', 'ovo', 'macro'),
    rocAucProbaScorer('roc_auc_ovr_weighted', 'ovr', 'weighted'),
    rocAucProbaScorer('roc_auc_ovo_weighted', 'ovo', 'weighted'),
    scorerFrom('average_precision', 'decision', (est, X, y) => averagePrecisionScore(y, thresholdInput('average_precision', est, X, y)), {
      doc: 'averagePrecisionScore, binary, from decisionFunction else predictProba',
    }),
    scorerFrom(
      'neg_log_loss',
      'proba',
      (est, X, y) => {
        const { scores, classes } = probaInput('neg_log_loss', est, X, y);
        return logLoss(y, scores, { labels: classes });
      },
      { doc: 'logLoss, negated', classifierOnly: true, greaterIsBetter: false },
    ),
    predictScorer('r2', r2Score, 'r2Score', false),
    predictScorer('explained_variance', explainedVarianceScore, 'explainedVarianceScore', false),
    predictScorer('neg_mean_squared_error', meanSquaredError, 'meanSquaredError, negated', false, false),
    predictScorer(
      'neg_root_mean_squared_error',
      (t, p) => meanSquaredError(t, p, { squared: false }),
      'meanSquaredError (squared: false), negated',
      false,
      false,
    ),
    predictScorer('neg_mean_absolute_error', meanAbsoluteError, 'meanAbsoluteError, negated', false, false),
    predictScorer('neg_median_absolute_error', medianAbsoluteError, 'medianAbsoluteError, negated', false, false),
  ];
}
