/**
 * Classification metrics on class names (strings), as scikit-learn's take them; figures from
 * scikit-learn 1.2.1 (f1_score, precision_score, accuracy_score, balanced_accuracy_score,
 * confusion_matrix on the lists below), and the same values as their integer encoding.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { accuracyScore, balancedAccuracyScore, confusionMatrix, matthewsCorrcoef } from '../../src/metrics/classification.js';
import { makeScorer } from '../../src/metrics/make-scorer.js';
import { f1Score, precisionScore } from '../../src/metrics/prf.js';
import { rocAucScore } from '../../src/metrics/ranking.js';

const t = ['spam', 'ham', 'ham', 'spam', 'eggs', 'ham', 'spam', 'eggs'];
const p = ['spam', 'ham', 'spam', 'spam', 'ham', 'ham', 'eggs', 'eggs'];
const code = (a: string[]): Float64Array => Float64Array.from(a, (v) => ['eggs', 'ham', 'spam'].indexOf(v));

test('metrics take class names and equal scikit-learn 1.2.1 and their integer encoding', () => {
  assert.ok(Math.abs(f1Score(t, p, { average: 'macro' }) - 0.611111111111111) < 1e-12);
  assert.ok(Math.abs(precisionScore(t, p, { average: 'weighted' }) - 0.625) < 1e-12);
  assert.equal(accuracyScore(t, p), 0.625);
  assert.ok(Math.abs(balancedAccuracyScore(t, p) - 0.611111111111111) < 1e-12);
  assert.deepEqual(Array.from(confusionMatrix(t, p, { labels: ['spam', 'ham', 'eggs'] }).data), [2, 0, 1, 1, 2, 0, 0, 1, 1]);
  assert.equal(matthewsCorrcoef(t, p), matthewsCorrcoef(code(t), code(p)));
  assert.equal(f1Score(t, p, { average: 'micro' }), f1Score(code(t), code(p), { average: 'micro' }));
});

test("binary metrics need posLabel with class names (scikit-learn: 'pos_label=1 is not a valid label')", () => {
  const tb = ['spam', 'ham', 'ham', 'spam', 'ham'];
  const pb = ['spam', 'ham', 'spam', 'spam', 'ham'];
  assert.ok(Math.abs(f1Score(tb, pb, { posLabel: 'spam' }) - 0.8) < 1e-12); // scikit-learn 1.2.1: 0.8
  assert.ok(Math.abs(f1Score(tb, pb, { posLabel: 'ham' }) - 0.8) < 1e-12); // scikit-learn 1.2.1: 0.8
  assert.throws(() => f1Score(tb, pb), /f1Score: posLabel=1 is not a valid label; it should be one of "ham", "spam"/);
  assert.throws(() => f1Score(tb, pb, { posLabel: 'eggs' }), /posLabel="eggs" is not a valid label; it should be one of "ham", "spam"/);
  assert.throws(() => f1Score(Float64Array.of(0, 1), Float64Array.of(0, 1), { posLabel: 'spam' }), /posLabel="spam" names a class, but the labels are numbers/);
  assert.throws(() => accuracyScore(['a', 'b'], Float64Array.of(0, 1) as never), /both hold class names/);
  // a proba scorer given a class name as posLabel says so instead of silently using the default class
  const s = makeScorer('auc_spam', (y, scores) => rocAucScore(y, scores as Float64Array), { needs: 'proba', posLabel: 'spam' } as never);
  const est = {
    name: 'X',
    kind: 'classifier',
    classes: Float64Array.of(0, 1),
    predictProba: () => ({ data: Float64Array.of(0.2, 0.8, 0.6, 0.4), rows: 2, cols: 2 }),
  };
  assert.throws(
    () => s.fn(est as never, { data: new Float64Array(2), rows: 2, cols: 1 }, Float64Array.of(1, 0)),
    /posLabel="spam" names a class, but the labels are numbers/,
  );
});
