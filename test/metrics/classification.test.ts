/**
 * Label metrics against scikit-learn 1.2.1 (figures from test/metrics/sklearn-reference.py):
 * accuracy_score, balanced_accuracy_score, confusion_matrix, matthews_corrcoef,
 * precision/recall/f1/fbeta with average binary/macro/micro/weighted, pos_label, and
 * zero_division ('warn' → 0, 0, 1), on digits labels with deterministic predictions.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { ValidationError } from '../../src/errors.js';
import {
  accuracyScore,
  balancedAccuracyScore,
  confusionMatrix,
  f1Score,
  fbetaScore,
  matthewsCorrcoef,
  precisionRecallFscoreSupport,
  precisionScore,
  recallScore,
} from '../../src/metrics/index.js';
import { close, digitsFixture, type DigitsFixture } from './fixtures.js';

const f = (...v: number[]): Float64Array => Float64Array.from(v);

let d: DigitsFixture;
before(async () => {
  d = await digitsFixture();
});

describe('multiclass digits (10 classes, 1,797 rows) — scikit-learn 1.2.1', () => {
  it('accuracy, balanced accuracy, MCC', () => {
    close(accuracyScore(d.y, d.pred), 0.7412353923205343, 'accuracy_score');
    assert.equal(accuracyScore(d.y, d.pred, { normalize: false }), 1332);
    close(balancedAccuracyScore(d.y, d.pred), 0.7412253671707271, 'balanced_accuracy_score');
    close(balancedAccuracyScore(d.y, d.pred, { adjusted: true }), 0.7124726301896968, 'balanced_accuracy_score adjusted');
    close(matthewsCorrcoef(d.y, d.pred), 0.7129289189638698, 'matthews_corrcoef');
  });

  it('confusion matrix (rows true, columns predicted, sorted labels)', () => {
    // scikit-learn 1.2.1 confusion_matrix(y, pred).ravel()
    const expected = [
      141, 36, 0, 1, 0, 0, 0, 0, 0, 0, 0, 145, 2, 4, 0, 1, 4, 2, 3, 21, 18, 0, 116, 2, 2, 4, 7, 5, 10, 13, 9, 29, 3, 130, 4, 0, 2, 1, 0, 5, 5, 4, 13, 0, 132,
      12, 6, 5, 2, 2, 7, 4, 3, 9, 2, 139, 7, 3, 3, 5, 1, 4, 2, 1, 4, 3, 136, 24, 6, 0, 3, 2, 7, 6, 4, 22, 3, 125, 2, 5, 1, 1, 1, 6, 8, 6, 13, 2, 136, 0, 0, 4,
      3, 7, 7, 1, 7, 18, 1, 132,
    ];
    const C = confusionMatrix(d.y, d.pred);
    assert.equal(C.rows, 10);
    assert.deepEqual(Array.from(C.data), expected);
    const sub = confusionMatrix(d.y, d.pred, { labels: [9, 0] });
    assert.deepEqual(Array.from(sub.data), [132, 0, 0, 141]);
  });

  it('precision / recall / F1 with macro, micro, weighted averages', () => {
    const ref = {
      f1: { macro: 0.7420091593395342, micro: 0.7412353923205341, weighted: 0.7418276279772003 },
      precision: { macro: 0.7467471566031152, micro: 0.7412353923205343, weighted: 0.7463874204467479 },
      recall: { macro: 0.7412253671707271, micro: 0.7412353923205343, weighted: 0.7412353923205343 },
    };
    for (const average of ['macro', 'micro', 'weighted'] as const) {
      close(f1Score(d.y, d.pred, { average }), ref.f1[average], `f1_score ${average}`);
      close(precisionScore(d.y, d.pred, { average }), ref.precision[average], `precision_score ${average}`);
      close(recallScore(d.y, d.pred, { average }), ref.recall[average], `recall_score ${average}`);
    }
    close(fbetaScore(d.y, d.pred, 2, { average: 'macro' }), 0.7410428816729142, 'fbeta_score beta=2 macro');
    const perClass = [
      0.7768595041322314, 0.7055961070559611, 0.7094801223241591, 0.7449856733524355, 0.7674418604651162, 0.7513513513513513, 0.7431693989071039,
      0.6868131868131868, 0.8071216617210683, 0.7272727272727273,
    ];
    const prfs = precisionRecallFscoreSupport(d.y, d.pred);
    perClass.forEach((v, c) => close(prfs.fscore[c]!, v, `f1_score average=None class ${c}`));
    assert.equal(
      prfs.support.reduce((a, b) => a + b, 0),
      1797,
    );
  });

  it("average 'binary' on a multiclass target is an error naming the other averages", () => {
    assert.throws(
      () => f1Score(d.y, d.pred),
      (e: unknown) => e instanceof ValidationError && /multiclass.*'macro'/.test(e.message),
    );
  });

  it('Int32Array labels give the same answers as Float64Array', () => {
    const yi = Int32Array.from(d.y);
    const pi = Int32Array.from(d.pred);
    assert.equal(f1Score(yi, pi, { average: 'macro' }), f1Score(d.y, d.pred, { average: 'macro' }));
    assert.equal(matthewsCorrcoef(yi, pi), matthewsCorrcoef(d.y, d.pred));
  });
});

describe('binary digits (class ≥ 5) — scikit-learn 1.2.1', () => {
  it('accuracy, balanced accuracy, MCC, F1/precision/recall, posLabel', () => {
    close(accuracyScore(d.yb, d.predb), 0.8124652198107958, 'accuracy_score');
    close(balancedAccuracyScore(d.yb, d.predb), 0.8124374454970666, 'balanced_accuracy_score');
    close(matthewsCorrcoef(d.yb, d.predb), 0.6250196857424181, 'matthews_corrcoef');
    close(f1Score(d.yb, d.predb), 0.8101408450704225, 'f1_score');
    close(precisionScore(d.yb, d.predb), 0.8179749715585893, 'precision_score');
    close(recallScore(d.yb, d.predb), 0.8024553571428571, 'recall_score');
    close(f1Score(d.yb, d.predb, { posLabel: 0 }), 0.8147333699835074, 'f1_score pos_label=0');
    close(f1Score(d.yb, d.predb, { average: 'macro' }), 0.812437107526965, 'f1_score macro');
  });

  it('a posLabel that is not a label is an error listing the labels', () => {
    assert.throws(() => f1Score(d.yb, d.predb, { posLabel: 2 }), /posLabel=2 is not a valid label; it should be one of \[0, 1\]/);
  });
});

describe('edge cases — scikit-learn 1.2.1', () => {
  it("zeroDivision: no predicted positives gives 0 ('warn', with a warning), 0, or 1", () => {
    const yt = f(0, 0, 1, 1);
    const yp = f(0, 0, 0, 0);
    // precision_score([0,0,1,1],[0,0,0,0]) == 0.0 (UndefinedMetricWarning); zero_division=1 → 1.0
    assert.equal(precisionScore(yt, yp), 0);
    assert.equal(precisionScore(yt, yp, { zeroDivision: 0 }), 0);
    assert.equal(precisionScore(yt, yp, { zeroDivision: 1 }), 1);
    // f1_score: 0.0 for every zero_division (recall is 0)
    assert.equal(f1Score(yt, yp, { zeroDivision: 1 }), 0);
    // recall_score with no true positives in y_true: recall_score([0,0],[1,0]) == 0.0, zero_division=1 → 1.0
    assert.equal(recallScore(f(0, 0), f(1, 0)), 0);
    assert.equal(recallScore(f(0, 0), f(1, 0), { zeroDivision: 1 }), 1);
    // f1_score([0,0],[0,0]) == 0.0; zero_division=1 → 1.0 (no true nor predicted samples)
    assert.equal(f1Score(f(0, 0), f(0, 0)), 0);
    assert.equal(f1Score(f(0, 0), f(0, 0), { zeroDivision: 1 }), 1);
    assert.throws(() => f1Score(yt, yp, { zeroDivision: 2 as 1 }), /zeroDivision must be 'warn', 0 or 1/);
  });

  it('an ill-defined value warns once per message (UndefinedMetricWarning); an explicit zeroDivision is silent', async () => {
    const seen: string[] = [];
    const listener = (w: Error): void => {
      seen.push(`${w.name}: ${w.message}`);
    };
    process.on('warning', listener);
    try {
      recallScore(f(0, 0, 1), f(0, 1, 2), { average: 'macro', zeroDivision: 1 });
      precisionScore(f(0, 1, 2), f(0, 0, 0), { average: 'macro' });
      precisionScore(f(0, 1, 2), f(0, 0, 0), { average: 'macro' });
      await new Promise((r) => setImmediate(r));
    } finally {
      process.off('warning', listener);
    }
    // Earlier tests' warnings arrive asynchronously too: count this message only.
    const msg =
      'UndefinedMetricWarning: Precision is ill-defined and being set to 0.0 in labels with no predicted samples. Use `zero_division` parameter to control this behavior.';
    assert.equal(seen.filter((s) => s === msg).length, 1);
    assert.ok(
      !seen.some((s) => s.startsWith('UndefinedMetricWarning: Recall is ill-defined and being set to 0.0 in labels with')),
      'zeroDivision: 1 must not warn',
    );
  });

  it('macro averages include labels seen only in yPred; weighted skips them', () => {
    // scikit-learn 1.2.1: f1_score([0,1,2,0],[0,2,1,3], average='macro') == 0.16666666666666666, weighted == 0.3333333333333333
    close(f1Score(f(0, 1, 2, 0), f(0, 2, 1, 3), { average: 'macro' }), 0.16666666666666666, 'macro');
    close(f1Score(f(0, 1, 2, 0), f(0, 2, 1, 3), { average: 'weighted' }), 0.3333333333333333, 'weighted');
    // precision_score(..., average='macro', zero_division=1) == 0.25
    close(precisionScore(f(0, 1, 2, 0), f(0, 2, 1, 3), { average: 'macro', zeroDivision: 1 }), 0.25, 'macro zero_division=1');
  });

  it('balanced accuracy drops classes only predicted; MCC is 0 for a constant prediction', () => {
    // balanced_accuracy_score([0,1,0,1],[0,1,2,2]) == 0.5 (warns "y_pred contains classes not in y_true")
    assert.equal(balancedAccuracyScore(f(0, 1, 0, 1), f(0, 1, 2, 2)), 0.5);
    // matthews_corrcoef([0,1,1,0],[1,1,1,1]) == 0.0
    assert.equal(matthewsCorrcoef(f(0, 1, 1, 0), f(1, 1, 1, 1)), 0);
    // matthews_corrcoef([2,2],[2,2]) == 0.0 (single class)
    assert.equal(matthewsCorrcoef(f(2, 2), f(2, 2)), 0);
  });

  it('bad inputs: lengths, continuous targets, NaN', () => {
    assert.throws(() => accuracyScore(f(0, 1), f(0)), /yTrue has 2 values but yPred has 1/);
    assert.throws(() => accuracyScore(f(0.5, 1), f(0, 1)), /yTrue\[0\] is 0.5.*continuous/);
    assert.throws(() => f1Score(f(0, NaN), f(0, 1)), /yTrue\[1\] is NaN/);
    assert.throws(() => accuracyScore(f(), f()), /empty/);
  });
});
