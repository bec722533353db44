/**
 * Ranking metrics, the curves and logLoss on class names (yTrue as strings), as scikit-learn's
 * take them: the greater name is roc_auc's positive class, `posLabel` / `labels` name classes,
 * and the figures equal scikit-learn 1.2.1's (test/metrics/named-ranking-reference.py) and the
 * integer encoding's. Scores are the integer formulas of test/metrics/fixtures.ts on digits.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Matrix } from '../../src/data/matrix.js';
import { auc, averagePrecisionScore, logLoss, precisionRecallCurve, rocAucScore, rocCurve } from '../../src/metrics/index.js';
import { digitsFixture } from './fixtures.js';

const d = await digitsFixture();
const WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
const SORTED = [...WORDS].sort();
const names = Array.from(d.y, (v) => WORDS[v]!);
/** P's columns in sorted-name order (the column order scikit-learn's metrics expect for names). */
const Pn: Matrix = {
  rows: d.P.rows,
  cols: 10,
  data: Float64Array.from({ length: d.P.rows * 10 }, (_, k) => d.P.data[Math.floor(k / 10) * 10 + WORDS.indexOf(SORTED[k % 10]!)]!),
};
/** 'high' (y ≥ 5) sorts before 'low': roc_auc's positive class is 'low'. */
const hl = Array.from(d.yb, (v) => (v === 1 ? 'high' : 'low'));

function close(actual: number, expected: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= 1e-12, `${what}: ${actual} vs scikit-learn 1.2.1 ${expected}`);
}

describe('ranking metrics on class names (scikit-learn 1.2.1)', () => {
  it('rocAucScore: binary names, the greater one positive; multiclass names with columns in sorted-name order', () => {
    close(rocAucScore(hl, d.scoreCont), 0.26056242072300617, "roc_auc_score(['high'/'low'], score)");
    // the same as the integer encoding: 'low' → 1
    close(
      rocAucScore(hl, d.scoreCont),
      rocAucScore(
        Float64Array.from(d.yb, (v) => 1 - v),
        d.scoreCont,
      ),
      'integer encoding',
    );
    close(rocAucScore(names, Pn, { multiClass: 'ovr' }), 0.8366518624854706, "roc_auc_score(names, P, multi_class='ovr')");
    close(rocAucScore(names, Pn, { multiClass: 'ovr' }), rocAucScore(d.y, d.P, { multiClass: 'ovr' }), 'ovr equals the integer run');
    close(rocAucScore(names, Pn, { multiClass: 'ovo', average: 'weighted' }), 0.8367307723430225, "multi_class='ovo', average='weighted'");
    close(rocAucScore(names, Pn, { multiClass: 'ovr', labels: SORTED }), 0.8366518624854706, 'labels given as the sorted names');
  });

  it('averagePrecisionScore takes posLabel as a name, and without one says what scikit-learn says', () => {
    close(averagePrecisionScore(hl, d.scoreCont, { posLabel: 'high' }), 0.7702745523059287, "average_precision_score(pos_label='high')");
    close(averagePrecisionScore(hl, d.scoreCont, { posLabel: 'low' }), 0.367973592445939, "average_precision_score(pos_label='low')");
    // scikit-learn 1.2.1: "pos_label=1 is not a valid label. It should be one of ['high', 'low']"
    assert.throws(() => averagePrecisionScore(hl, d.scoreCont), /posLabel=1 is not a valid label; it should be one of "high", "low"/);
    assert.throws(() => averagePrecisionScore(hl, d.scoreCont, { posLabel: 'mid' }), /posLabel="mid" is not a valid label; it should be one of "high", "low"/);
  });

  it('logLoss on names, with labels naming classes absent from yTrue', () => {
    close(logLoss(names, Pn), 1.851325878728772, 'log_loss(names, P)');
    close(logLoss(names, Pn), logLoss(d.y, d.P), 'log_loss equals the integer run');
    const keep = names.map((_, i) => i).filter((i) => i < 100 && d.y[i]! < 5);
    const sub: Matrix = { rows: keep.length, cols: 10, data: Float64Array.from(keep.flatMap((i) => Array.from(Pn.data.subarray(i * 10, i * 10 + 10)))) };
    close(
      logLoss(
        keep.map((i) => names[i]!),
        sub,
        { labels: SORTED },
      ),
      1.912482552297457,
      'log_loss(names[:100][y < 5], labels=sorted(words))',
    );
    assert.throws(() => logLoss(['one', 'two'], Pn, { labels: ['one', 'three'] }), /yTrue contains "two", not in 'labels'/);
  });

  it('rocCurve / precisionRecallCurve take posLabel as a name and need it with names (scikit-learn)', () => {
    const { fpr, tpr } = rocCurve(hl, d.scoreCont, { posLabel: 'high' });
    assert.equal(fpr.length, 196); // scikit-learn 1.2.1: 196 points
    close(auc(fpr, tpr), 0.7394375792769938, "auc(roc_curve(pos_label='high'))");
    const pr = precisionRecallCurve(hl, d.scoreCont, { posLabel: 'high' });
    const num = precisionRecallCurve(d.yb, d.scoreCont);
    assert.deepEqual(Array.from(pr.precision), Array.from(num.precision));
    // scikit-learn 1.2.1: "y_true takes value in {'high', 'low'} and pos_label is not specified …"
    assert.throws(() => rocCurve(hl, d.scoreCont), /yTrue takes the values "high", "low" and posLabel is not given/);
  });

  it('names where the labels are numbers, and numbers where they are names, are errors naming both', () => {
    assert.throws(() => averagePrecisionScore(d.yb, d.scoreCont, { posLabel: 'high' }), /posLabel="high" names a class, but the labels are numbers/);
    assert.throws(() => rocAucScore(names, Pn, { multiClass: 'ovr', labels: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] }), /yTrue contains "zero", "one"/);
    assert.throws(() => rocAucScore(names, Pn, { multiClass: 'ovr', labels: WORDS }), /'labels' must be unique and sorted/);
  });
});
