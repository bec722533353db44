/**
 * Score-based metrics against scikit-learn 1.2.1 (figures from sklearn-reference.py):
 * roc_auc_score (binary with tied and distinct scores, max_fpr; multiclass ovr/ovo with
 * macro/weighted/micro averages), average_precision_score (step-wise, not interpolated),
 * roc_curve / precision_recall_curve / auc, and log_loss (eps clipping, renormalisation).
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { column } from '../../src/data/matrix.js';
import { ValidationError } from '../../src/errors.js';
import { auc, averagePrecisionScore, logLoss, precisionRecallCurve, rocAucScore, rocCurve } from '../../src/metrics/index.js';
import { airlineFixture, close, digitsFixture, type AirlineFixture, type DigitsFixture } from './fixtures.js';

const f = (...v: number[]): Float64Array => Float64Array.from(v);
const m = (rows: number[][]) => ({ data: Float64Array.from(rows.flat()), rows: rows.length, cols: rows[0]!.length });

let d: DigitsFixture;
let a: AirlineFixture;
before(async () => {
  d = await digitsFixture();
  a = await airlineFixture();
});

describe('binary ROC AUC and average precision — scikit-learn 1.2.1', () => {
  it('digits: integer scores with many ties, distinct scores, probabilities', () => {
    close(rocAucScore(d.yb, d.scoreInt), 0.6118883284445854, 'roc_auc_score integer scores (ties)');
    close(rocAucScore(d.yb, d.scoreCont), 0.7394375792769938, 'roc_auc_score');
    close(rocAucScore(d.yb, column(d.Pb, 1)), 0.6924752507134929, 'roc_auc_score proba[:, 1]');
    // Convenience beyond scikit-learn: a 2-column probability matrix uses column 1.
    close(rocAucScore(d.yb, d.Pb), 0.6924752507134929, 'roc_auc_score 2-column proba');
    close(rocAucScore(d.yb, d.scoreCont, { maxFpr: 0.3 }), 0.6686187654862167, 'roc_auc_score max_fpr=0.3');
    close(averagePrecisionScore(d.yb, d.scoreInt), 0.5871632576160358, 'average_precision_score integer scores');
    close(averagePrecisionScore(d.yb, d.scoreCont), 0.7702745523059287, 'average_precision_score');
    close(
      averagePrecisionScore(
        d.yb,
        d.scoreCont.map((v) => -v),
        { posLabel: 0 },
      ),
      0.7670830324989657,
      'average_precision_score pos_label=0',
    );
    // len(roc_curve(yb, score_int)[0]) == 52 (drop_intermediate)
    assert.equal(rocCurve(d.yb, d.scoreInt).fpr.length, 52);
  });

  it('airline (first 2,000 rows, delayed): ROC AUC and AP', () => {
    close(rocAucScore(a.delayed, a.scoreAir), 0.5695069152730443, 'roc_auc_score');
    close(averagePrecisionScore(a.delayed, a.scoreAir), 0.24187603813553393, 'average_precision_score');
  });

  it('ties count half (trapezoid), labels other than 0/1', () => {
    assert.equal(rocAucScore(f(0, 1, 0, 1), f(0.5, 0.5, 0.5, 0.5)), 0.5);
    close(rocAucScore(f(0, 0, 1, 1, 1, 0), f(0.1, 0.4, 0.4, 0.8, 0.4, 0.9)), 0.5555555555555556, 'roc_auc_score with ties');
    close(averagePrecisionScore(f(0, 0, 1, 1, 1, 0), f(0.1, 0.4, 0.4, 0.8, 0.4, 0.9)), 0.5666666666666667, 'average_precision_score with ties');
    assert.equal(rocAucScore(f(-1, 1, 1, -1), f(0.2, 0.3, 0.9, 0.1)), 1);
    assert.equal(averagePrecisionScore(f(-1, 1, 1, -1), f(0.2, 0.3, 0.9, 0.1)), 1);
    assert.equal(rocAucScore(f(2, 7, 7, 2), f(0.2, 0.3, 0.9, 0.4)), 0.75);
    // average_precision_score([0,0,0], …) == -0.0 with a warning (no positive class)
    close(averagePrecisionScore(f(0, 0, 0), f(0.2, 0.3, 0.1)), 0, 'average_precision_score, no positives');
  });

  it('curves and auc match scikit-learn point for point', () => {
    const roc = rocCurve(f(0, 0, 1, 1), f(0.1, 0.4, 0.35, 0.8));
    assert.deepEqual(Array.from(roc.fpr), [0, 0, 0.5, 0.5, 1]);
    assert.deepEqual(Array.from(roc.tpr), [0, 0.5, 0.5, 1, 1]);
    assert.deepEqual(Array.from(roc.thresholds), [1.8, 0.8, 0.4, 0.35, 0.1]);
    const pr = precisionRecallCurve(f(0, 0, 1, 1), f(0.1, 0.4, 0.35, 0.8));
    assert.deepEqual(Array.from(pr.precision), [0.5, 2 / 3, 0.5, 1, 1]);
    assert.deepEqual(Array.from(pr.recall), [1, 1, 0.5, 0.5, 0]);
    assert.deepEqual(Array.from(pr.thresholds), [0.1, 0.35, 0.4, 0.8]);
    close(auc([0, 0.5, 1], [0, 0.8, 1]), 0.65, 'auc increasing');
    close(auc([1, 0.5, 0], [1, 0.8, 0]), 0.65, 'auc decreasing');
    assert.throws(() => auc([0, 1, 0.5], [0, 1, 1]), /neither increasing nor decreasing/);
  });

  it('errors: one class, multiclass without probabilities, bad posLabel', () => {
    assert.throws(
      () => rocAucScore(f(1, 1, 1), f(0.1, 0.2, 0.3)),
      (e: unknown) => e instanceof ValidationError && /only one class present/.test(e.message),
    );
    assert.throws(() => rocAucScore(d.y, d.scoreCont), /multiclass; pass yScore as a probability Matrix/);
    assert.throws(() => averagePrecisionScore(d.y, d.P), /binary targets only/);
    assert.throws(() => averagePrecisionScore(d.yb, d.scoreCont, { posLabel: 3 }), /posLabel=3 is not a valid label/);
    assert.throws(() => rocAucScore(d.yb, d.scoreCont.subarray(1)), /yTrue has 1797 values but yScore has 1796/);
  });
});

describe('multiclass ROC AUC (digits, 10 classes) — scikit-learn 1.2.1', () => {
  it('one-vs-rest and one-vs-one (Hand & Till), macro and weighted; ovr micro', () => {
    close(rocAucScore(d.y, d.P, { multiClass: 'ovr' }), 0.8366518624854706, "roc_auc_score multi_class='ovr'");
    close(rocAucScore(d.y, d.P, { multiClass: 'ovr', average: 'weighted' }), 0.836877935095546, 'ovr weighted');
    close(rocAucScore(d.y, d.P, { multiClass: 'ovr', average: 'micro' }), 0.8368263456055853, 'ovr micro');
    close(rocAucScore(d.y, d.P, { multiClass: 'ovo' }), 0.8366086195012948, "roc_auc_score multi_class='ovo'");
    close(rocAucScore(d.y, d.P, { multiClass: 'ovo', average: 'weighted' }), 0.8367307723430224, 'ovo weighted');
    close(rocAucScore(d.y, d.P, { multiClass: 'ovr', labels: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] }), 0.8366518624854706, 'ovr with labels');
  });

  it('errors: multiClass missing, rows not summing to 1, columns ≠ classes, micro with ovo', () => {
    assert.throws(() => rocAucScore(d.y, d.P), /multiClass must be 'ovr' or 'ovo'/);
    const notProba = m([
      [0.5, 0.2, 0.2],
      [0.1, 0.8, 0.1],
      [0.2, 0.2, 0.6],
    ]);
    assert.throws(() => rocAucScore(f(0, 1, 2), notProba, { multiClass: 'ovr' }), /row 0 of yScore sums to 0\.8999/);
    const three = m([
      [0.6, 0.2, 0.2],
      [0.1, 0.8, 0.1],
      [0.2, 0.2, 0.6],
      [0.3, 0.3, 0.4],
    ]);
    assert.throws(
      () =>
        rocAucScore(
          f(0, 1, 3, 4),
          m([
            [0.5, 0.25, 0.25, 0],
            [0, 1, 0, 0],
            [0, 0, 1, 0],
            [0, 0, 0, 1],
          ]),
          { multiClass: 'ovr', labels: [0, 1, 2, 3] },
        ),
      /yTrue contains labels \[4\]/,
    );
    assert.throws(() => rocAucScore(f(0, 1, 1, 0), three, { multiClass: 'ovr' }), /2 classes \[0, 1\] but yScore has 3 columns/);
    assert.throws(() => rocAucScore(f(0, 1, 2, 0), three, { multiClass: 'ovo', average: 'micro' }), /average must be one of macro, weighted/);
  });
});

describe('log loss — scikit-learn 1.2.1', () => {
  it('digits multiclass and binary (2 columns or the positive column)', () => {
    close(logLoss(d.y, d.P), 1.851325878728772, 'log_loss');
    close(logLoss(d.y, d.P, { normalize: false }), 3326.8326040756033, 'log_loss normalize=False', 1e-8);
    close(logLoss(d.yb, d.Pb), 0.6359538152360503, 'log_loss 2 columns');
    close(logLoss(d.yb, column(d.Pb, 1)), 0.6359538152360503, 'log_loss positive column');
  });

  it('clips to [eps, 1 − eps] with float64 eps and renormalises rows', () => {
    close(
      logLoss(
        f(0, 1, 1),
        m([
          [1, 0],
          [0, 1],
          [1, 0],
        ]),
      ),
      12.014551129705717,
      'log_loss with 0/1 probabilities',
    );
    close(logLoss(f(0, 1, 1), f(0, 1, 0)), 12.014551129705717, 'log_loss 1-D with 0/1 probabilities');
    close(
      logLoss(
        f(0, 1, 2),
        m([
          [0.5, 0.3, 0.4],
          [0.1, 0.8, 0.1],
          [0.2, 0.2, 0.2],
        ]),
      ),
      0.7324081924454066,
      'log_loss renormalised rows',
    );
    close(
      logLoss(
        f(1, 1),
        m([
          [0.3, 0.7],
          [0.1, 0.9],
        ]),
        { labels: [0, 1] },
      ),
      0.23101772979827936,
      'log_loss labels=[0, 1]',
    );
  });

  it('a single class in yTrue needs labels; columns must match the classes', () => {
    assert.throws(() => logLoss(f(1, 1), f(0.2, 0.3)), /only one label \(1\); pass the classes of yPred's columns as 'labels'/);
    assert.throws(
      () => logLoss(f(0, 1, 1), f(0.2, 0.3)),
      (e: unknown) => e instanceof ValidationError && /yTrue has 3 values but yPred has 2/.test(e.message),
    );
    assert.throws(
      () =>
        logLoss(
          f(0, 1),
          m([
            [0.2, 0.3, 0.5],
            [0.1, 0.1, 0.8],
          ]),
        ),
      /2 classes \[0, 1\] but yPred has 3 columns/,
    );
  });
});
