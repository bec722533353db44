/**
 * Scorers through real fitted estimators. DummyClassifier(strategy 'prior') is exact, so
 * its scores must equal scikit-learn 1.2.1's get_scorer(name)(DummyClassifier(strategy=
 * 'prior').fit(X[:k], y[:k]), X[k:], y[k:]) on digits (k = 1,198) and airline (first 2,000
 * rows, k = 1,500): constant probabilities → ROC AUC 0.5, log loss of the priors, and the
 * zero-division rules for a classifier that predicts one class. A RandomForestClassifier
 * checks the wiring: each scorer equals the metric function applied to its own outputs.
 */
import { before, describe, it } from 'node:test';
import { loadAirline, loadDigits } from '../../src/data/bundled.js';
import { column, takeLabels, takeRows, type Labels, type Matrix } from '../../src/data/matrix.js';
import { DummyClassifier } from '../../src/estimators/dummy-classifier.js';
import { RandomForestClassifier } from '../../src/estimators/forest/index.js';
import { f1Score, getScorer, logLoss, rocAucScore } from '../../src/metrics/index.js';
import { close } from './fixtures.js';

interface Split {
  Xtr: Matrix;
  ytr: Labels;
  Xte: Matrix;
  yte: Labels;
}

function split(X: Matrix, y: Labels, k: number): Split {
  const tr = Int32Array.from({ length: k }, (_, i) => i);
  const te = Int32Array.from({ length: X.rows - k }, (_, i) => k + i);
  return { Xtr: takeRows(X, tr), ytr: takeLabels(y, tr), Xte: takeRows(X, te), yte: takeLabels(y, te) };
}

let digits: Split;
let airline: Split;
before(async () => {
  const d = await loadDigits();
  digits = split(d.X, d.y, 1198);
  const a = await loadAirline({ rows: 2000 });
  airline = split(a.X, a.y, 1500);
});

describe("DummyClassifier(strategy 'prior') — scikit-learn 1.2.1 scorers", () => {
  it('digits (10 classes)', () => {
    const est = new DummyClassifier({ strategy: 'prior' }).fit(digits.Xtr, digits.ytr);
    const ref: Record<string, number> = {
      accuracy: 0.09849749582637729,
      neg_log_loss: -2.3027317691284983,
      roc_auc_ovr: 0.5,
      roc_auc_ovo: 0.5,
      f1_macro: 0.017933130699088144,
      balanced_accuracy: 0.1,
      matthews_corrcoef: 0,
    };
    for (const [name, value] of Object.entries(ref)) close(getScorer(name).fn(est, digits.Xte, digits.yte), value, `scorer '${name}'`);
  });

  it('airline delayed (binary)', () => {
    const est = new DummyClassifier({ strategy: 'prior' }).fit(airline.Xtr, airline.ytr);
    const ref: Record<string, number> = {
      accuracy: 0.824,
      neg_log_loss: -0.46586354165241267,
      roc_auc: 0.5,
      average_precision: 0.176,
      f1: 0,
      f1_weighted: 0.7444912280701754,
      precision_macro: 0.412,
      recall_micro: 0.824,
    };
    for (const [name, value] of Object.entries(ref)) close(getScorer(name).fn(est, airline.Xte, airline.yte), value, `scorer '${name}'`);
  });
});

describe('RandomForestClassifier: scorers = metric functions on its own outputs', () => {
  it('digits: neg_log_loss, roc_auc_ovr, f1_macro', () => {
    const est = new RandomForestClassifier({ nEstimators: 10, maxDepth: 6, randomState: 0 }).fit(digits.Xtr, digits.ytr);
    const P = est.predictProba(digits.Xte);
    close(getScorer('neg_log_loss').fn(est, digits.Xte, digits.yte), -logLoss(digits.yte, P, { labels: est.classes }), 'neg_log_loss', 1e-12);
    close(getScorer('roc_auc_ovr').fn(est, digits.Xte, digits.yte), rocAucScore(digits.yte, P, { multiClass: 'ovr' }), 'roc_auc_ovr', 1e-12);
    close(getScorer('f1_macro').fn(est, digits.Xte, digits.yte), f1Score(digits.yte, est.predict(digits.Xte), { average: 'macro' }), 'f1_macro', 1e-12);
  });

  it('airline: roc_auc uses the positive class column of predictProba', () => {
    const est = new RandomForestClassifier({ nEstimators: 10, maxDepth: 6, randomState: 0 }).fit(airline.Xtr, airline.ytr);
    const p1 = column(est.predictProba(airline.Xte), 1);
    close(getScorer('roc_auc').fn(est, airline.Xte, airline.yte), rocAucScore(airline.yte, p1), 'roc_auc', 1e-12);
  });
});
