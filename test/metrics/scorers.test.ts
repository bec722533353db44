/**
 * The scorer registry against scikit-learn 1.2.1's scorers (`get_scorer(name)(est, X, y)`,
 * figures from sklearn-reference.py, where a stub estimator returns the same predictions,
 * probabilities and decision values): sign convention (neg_*), _ProbaScorer's positive
 * column on binary targets, _ThresholdScorer's decision_function-else-predict_proba, and
 * what each scorer needs so a search can reject it before any work.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { Labels, Matrix } from '../../src/data/matrix.js';
import { takeRows } from '../../src/data/matrix.js';
import type { Estimator, EstimatorKind, Params, SerializedEstimator } from '../../src/estimators/estimator.js';
import { ValidationError } from '../../src/errors.js';
import { fbetaScore, getScorer, hasScorer, listScorers, makeScorer, registerScorer } from '../../src/metrics/index.js';
import { checkScorers } from '../../src/search/scoring.js';
import { airlineFixture, close, digitsFixture, type AirlineFixture, type DigitsFixture } from './fixtures.js';

interface StubOutputs {
  pred: Labels;
  P?: Matrix;
  decision?: Float64Array;
  classes?: Float64Array;
  kind?: EstimatorKind;
}

/** A fitted stand-in: column 0 of X is the row index into precomputed outputs. */
function stub(out: StubOutputs): Estimator {
  const rowsOf = (X: Matrix): number[] => Array.from({ length: X.rows }, (_, i) => X.data[i * X.cols]!);
  const est: Estimator = {
    name: 'StubEstimator',
    kind: out.kind ?? 'classifier',
    classes: out.classes,
    getParams: (): Params => ({}),
    setParams() {
      return this;
    },
    fit() {
      return this;
    },
    predict: (X: Matrix): Labels => Float64Array.from(rowsOf(X), (i) => out.pred[i]!),
    clone: () => stub(out),
    toJSON: (): SerializedEstimator => ({ name: 'StubEstimator', params: {} }),
  };
  if (out.P) {
    const P = out.P;
    est.predictProba = (X: Matrix): Matrix => takeRows(P, rowsOf(X));
  }
  if (out.decision) {
    const dec = out.decision;
    est.decisionFunction = (X: Matrix): Matrix => ({ data: Float64Array.from(rowsOf(X), (i) => dec[i]!), rows: X.rows, cols: 1 });
  }
  return est;
}

const indexX = (n: number): Matrix => ({ data: Float64Array.from({ length: n }, (_, i) => i), rows: n, cols: 1 });

let d: DigitsFixture;
let a: AirlineFixture;
before(async () => {
  d = await digitsFixture();
  a = await airlineFixture();
});

describe('built-in scorers = scikit-learn 1.2.1 get_scorer(name)(est, X, y)', () => {
  it('multiclass digits: label, probability and loss scorers', () => {
    const est = stub({ pred: d.pred, P: d.P, classes: Float64Array.from({ length: 10 }, (_, c) => c) });
    const ref: Record<string, number> = {
      accuracy: 0.7412353923205343,
      balanced_accuracy: 0.7412253671707271,
      f1_macro: 0.7420091593395342,
      f1_micro: 0.7412353923205341,
      f1_weighted: 0.7418276279772003,
      precision_macro: 0.7467471566031152,
      precision_micro: 0.7412353923205343,
      precision_weighted: 0.7463874204467479,
      recall_macro: 0.7412253671707271,
      recall_micro: 0.7412353923205343,
      recall_weighted: 0.7412353923205343,
      matthews_corrcoef: 0.7129289189638698,
      roc_auc_ovr: 0.8366518624854706,
      roc_auc_ovo: 0.8366086195012948,
      roc_auc_ovr_weighted: 0.836877935095546,
      roc_auc_ovo_weighted: 0.8367307723430224,
      neg_log_loss: -1.851325878728772,
    };
    const X = indexX(d.n);
    for (const [name, value] of Object.entries(ref)) close(getScorer(name).fn(est, X, d.y), value, `scorer '${name}'`);
  });

  it('binary digits, predictProba only: roc_auc and average_precision use the positive column', () => {
    const est = stub({ pred: d.predb, P: d.Pb, classes: Float64Array.of(0, 1) });
    const ref: Record<string, number> = {
      f1: 0.8101408450704225,
      precision: 0.8179749715585893,
      recall: 0.8024553571428571,
      roc_auc: 0.6924752507134929,
      average_precision: 0.6742754675549464,
      neg_log_loss: -0.6359538152360503,
      roc_auc_ovr: 0.6924752507134929,
      roc_auc_ovo: 0.6924752507134929,
    };
    const X = indexX(d.n);
    for (const [name, value] of Object.entries(ref)) close(getScorer(name).fn(est, X, d.yb), value, `scorer '${name}'`);
  });

  it('binary digits with decisionFunction: roc_auc and average_precision prefer it', () => {
    const est = stub({ pred: d.predb, P: d.Pb, decision: d.scoreCont.map((v) => v - 0.5), classes: Float64Array.of(0, 1) });
    const X = indexX(d.n);
    close(getScorer('roc_auc').fn(est, X, d.yb), 0.7394375792769938, "scorer 'roc_auc'");
    close(getScorer('average_precision').fn(est, X, d.yb), 0.7702745523059287, "scorer 'average_precision'");
    close(getScorer('neg_log_loss').fn(est, X, d.yb), -0.6359538152360503, "scorer 'neg_log_loss'");
  });

  it('regression on airline delay_min: r2, explained variance and negated errors', () => {
    const est = stub({ pred: a.predReg, kind: 'regressor' });
    const ref: Record<string, number> = {
      r2: -0.003759613409967111,
      explained_variance: -0.0037207625714137382,
      neg_mean_squared_error: -1026.2178391555,
      neg_root_mean_squared_error: -32.034634993324026,
      neg_mean_absolute_error: -18.421163500000002,
      neg_median_absolute_error: -12.318999999999999,
    };
    const X = indexX(a.delay.length);
    for (const [name, value] of Object.entries(ref)) close(getScorer(name).fn(est, X, a.delay), value, `scorer '${name}'`, 1e-9 * Math.max(1, Math.abs(value)));
    // A regressor's predictions serve as scores for roc_auc on a 0/1 target, as scikit-learn's _ThresholdScorer.
    close(getScorer('roc_auc').fn(stub({ pred: a.scoreAir, kind: 'regressor' }), X, a.delayed), 0.5695069152730443, "scorer 'roc_auc' on a regressor");
  });

  it("a test fold missing a class still scores with the estimator's classes (scikit-learn log_loss/roc_auc_score with labels=classes_)", () => {
    const est = stub({ pred: d.pred, P: d.P, classes: Float64Array.from({ length: 10 }, (_, c) => c) });
    const rows = Array.from(d.y.keys()).filter((i) => d.y[i]! < 9);
    const X: Matrix = { data: Float64Array.from(rows), rows: rows.length, cols: 1 };
    const y = Float64Array.from(rows, (i) => d.y[i]!);
    // log_loss(y[m], P[m], labels=range(10)), roc_auc_score(y[m], P[m], multi_class='ovo', labels=range(10))
    close(getScorer('neg_log_loss').fn(est, X, y), -1.8393473890651588, 'neg_log_loss, class 9 absent');
    close(getScorer('roc_auc_ovo').fn(est, X, y), 0.8419692024225778, 'roc_auc_ovo, class 9 absent');
  });
});

describe('registry', () => {
  it('lists every scoring string of the issue, with what each needs and its sign', () => {
    const required = [
      'accuracy',
      'balanced_accuracy',
      'f1',
      'f1_macro',
      'f1_micro',
      'f1_weighted',
      'precision_macro',
      'recall_macro',
      'roc_auc',
      'roc_auc_ovr',
      'roc_auc_ovo',
      'neg_log_loss',
      'r2',
      'neg_mean_squared_error',
      'neg_root_mean_squared_error',
      'neg_mean_absolute_error',
      'neg_median_absolute_error',
      'explained_variance',
      'matthews_corrcoef',
      'average_precision',
    ];
    const names = listScorers();
    for (const r of required) assert.ok(names.includes(r), `missing scorer '${r}'`);
    assert.deepEqual(names, [...names].sort());
    assert.equal(getScorer('accuracy').needs, 'predict');
    assert.equal(getScorer('neg_log_loss').needs, 'proba');
    assert.equal(getScorer('roc_auc_ovr').needs, 'proba');
    assert.equal(getScorer('roc_auc').needs, 'decision');
    assert.equal(getScorer('average_precision').needs, 'decision');
    for (const n of names) assert.equal(getScorer(n).greaterIsBetter, !n.startsWith('neg_'), `sign of '${n}'`);
    assert.equal(getScorer('accuracy').classifierOnly, true);
    assert.ok(!getScorer('r2').classifierOnly);
  });

  it('an unknown scoring string is a ValidationError listing the valid ones', () => {
    assert.throws(
      () => getScorer('f1_samples'),
      (e: unknown) => e instanceof ValidationError && /unknown scoring 'f1_samples'.*valid scoring strings: accuracy, average_precision/.test(e.message),
    );
    assert.throws(() => getScorer('mean_absolute_error'), /did you mean 'neg_mean_absolute_error'/);
  });

  it("the search rejects 'neg_log_loss' on an estimator without predictProba before any work", () => {
    const noProba = stub({ pred: d.predb, classes: Float64Array.of(0, 1) });
    assert.throws(() => checkScorers({ score: 'neg_log_loss' }, noProba), /needs predictProba/);
    assert.throws(() => checkScorers({ score: 'roc_auc' }, noProba), /needs decisionFunction or predictProba/);
    assert.throws(() => checkScorers({ score: 'accuracy' }, stub({ pred: a.predReg, kind: 'regressor' })), /classifiers only/);
    checkScorers({ score: 'roc_auc' }, stub({ pred: d.predb, decision: d.scoreCont, classes: Float64Array.of(0, 1) }));
  });

  it("'roc_auc' on a multiclass target points to 'roc_auc_ovr' / 'roc_auc_ovo'", () => {
    const est = stub({ pred: d.pred, P: d.P, classes: Float64Array.from({ length: 10 }, (_, c) => c) });
    assert.throws(() => getScorer('roc_auc').fn(est, indexX(d.n), d.y), /multiclass.*use 'roc_auc_ovr' or 'roc_auc_ovo'/);
    assert.throws(
      () => getScorer('neg_log_loss').fn(stub({ pred: d.pred, P: d.P }), indexX(5), d.y.subarray(0, 5)),
      /returned 10 columns but the classes in y/,
    );
  });
});

describe('makeScorer (scikit-learn make_scorer)', () => {
  it('passes extra options to the metric and flips the sign of losses', () => {
    const est = stub({ pred: d.pred, P: d.P, classes: Float64Array.from({ length: 10 }, (_, c) => c) });
    const X = indexX(d.n);
    const f2 = makeScorer('f2_macro', (yt: Labels, yp: Labels, o: { average: 'macro' }) => fbetaScore(yt, yp, 2, o), { average: 'macro' });
    assert.equal(f2.needs, 'predict');
    close(f2.fn(est, X, d.y), 0.7410428816729142, "make_scorer(fbeta_score, beta=2, average='macro')");
    const brier = makeScorer(
      'neg_brier_multiclass',
      (yt, P) => {
        if (P instanceof Float64Array) throw new Error('expected a matrix');
        let s = 0;
        for (let i = 0; i < P.rows; i++) for (let c = 0; c < P.cols; c++) s += (P.data[i * P.cols + c]! - (yt[i] === c ? 1 : 0)) ** 2;
        return s / P.rows;
      },
      { needs: 'proba', greaterIsBetter: false },
    );
    const value = brier.fn(est, X, d.y);
    assert.ok(value < 0 && value > -2, `negated Brier score ${value}`);
    assert.equal(brier.greaterIsBetter, false);
  });

  it('registerScorer makes a custom scorer available by name; built-in names are protected', () => {
    const s = makeScorer('test_accuracy_count', (yt, yp) => Array.from(yt).filter((v, i) => v === yp[i]).length);
    registerScorer(s);
    assert.ok(hasScorer('test_accuracy_count'));
    assert.equal(getScorer('test_accuracy_count').fn(stub({ pred: d.pred }), indexX(d.n), d.y), 1332);
    assert.throws(() => registerScorer({ ...getScorer('accuracy') }), /'accuracy' is a built-in scoring string/);
    assert.throws(() => makeScorer('bad', (yt: Labels) => yt.length, { needs: 'labels' as 'predict' }), /needs must be 'predict', 'proba' or 'decision'/);
  });
});
