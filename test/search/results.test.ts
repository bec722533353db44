import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assembleCvResults, paramColumns, rankScores, rowMeans, rowStds } from '../../src/search/results.js';
import type { FitResult } from '../../src/jobs/types.js';
import type { Params } from '../../src/estimators/estimator.js';

test('rankScores: ties share the lowest rank, NaN ties last (scikit-learn 1.2.1 rule)', () => {
  // scikit-learn 1.2.1 (rankdata(-nan_to_num(a, nan=nanmin(a)-1), method='min')) gives [2 5 4 2 5 1]
  assert.deepEqual(rankScores([0.9, NaN, 0.8, 0.9, NaN, 0.95]), [2, 5, 4, 2, 5, 1]);
  assert.deepEqual(rankScores([0.5, 0.5, 0.5]), [1, 1, 1]);
  assert.deepEqual(rankScores([NaN, NaN]), [1, 1]);
  // as scikit-learn: nanmin - 1 is -Infinity here, so NaN ties with -Infinity for last place
  assert.deepEqual(rankScores([-Infinity, 0, NaN]), [2, 1, 2]);
});

test('rowMeans / rowStds: unweighted mean and population std (numpy std, ddof=0)', () => {
  assert.ok(Math.abs(rowStds([[0.1, 0.2, 0.4]])[0]! - 0.12472191289246473) < 1e-15); // numpy 0.12472191289246473
  assert.ok(Math.abs(rowMeans([[0.1, 0.2, 0.4]])[0]! - 0.7 / 3) < 1e-15);
  assert.ok(Number.isNaN(rowMeans([[0.1, NaN]])[0]!));
});

test('paramColumns: masked where a candidate of a list-of-dicts grid lacks the parameter', () => {
  const cols = paramColumns([{ n: 1 }, { n: 3 }, { w: 'distance' }]);
  assert.deepEqual(cols, { param_n: [1, 3, undefined], param_w: [undefined, undefined, 'distance'] });
});

function ok(c: number, s: number, test: Record<string, number>, train?: Record<string, number>): FitResult {
  return {
    ok: true,
    key: `${c}-${s}`,
    candidateIndex: c,
    splitIndex: s,
    testScores: test,
    ...(train ? { trainScores: train } : {}),
    fitTime: 0.01 * (c + 1),
    scoreTime: 0.001,
    nTestSamples: 10,
  };
}

test("assembleCvResults: scikit-learn 1.2.1's key order for multi-metric with train scores", () => {
  const candidates: Params[] = [{ n_neighbors: 1 }, { n_neighbors: 3 }, { weights: 'distance' }];
  const results = candidates.map((_, c) => [0, 1].map((s) => ok(c, s, { accuracy: 0.5 + 0.1 * c, f1_macro: 0.4 }, { accuracy: 1, f1_macro: 1 })));
  const cv = assembleCvResults({ candidates, nSplits: 2, metrics: ['accuracy', 'f1_macro'], returnTrainScore: true, results, errorScore: NaN });
  // scikit-learn 1.2.1 GridSearchCV(scoring=['accuracy','f1_macro'], return_train_score=True).cv_results_.keys()
  // (its param_n_neighbors / param_weights keys are our param_<name> with the names given)
  assert.deepEqual(Object.keys(cv), [
    'mean_fit_time',
    'std_fit_time',
    'mean_score_time',
    'std_score_time',
    'param_n_neighbors',
    'param_weights',
    'params',
    'split0_test_accuracy',
    'split1_test_accuracy',
    'mean_test_accuracy',
    'std_test_accuracy',
    'rank_test_accuracy',
    'split0_train_accuracy',
    'split1_train_accuracy',
    'mean_train_accuracy',
    'std_train_accuracy',
    'split0_test_f1_macro',
    'split1_test_f1_macro',
    'mean_test_f1_macro',
    'std_test_f1_macro',
    'rank_test_f1_macro',
    'split0_train_f1_macro',
    'split1_train_f1_macro',
    'mean_train_f1_macro',
    'std_train_f1_macro',
  ]);
  assert.deepEqual(cv.rank_test_accuracy, [3, 2, 1]);
  assert.deepEqual(cv.rank_test_f1_macro, [1, 1, 1]);
  assert.deepEqual(cv.param_weights, [undefined, undefined, 'distance']);
  assert.deepEqual(
    cv.mean_fit_time.map((t) => Math.round(t * 1000)),
    [10, 20, 30],
  );
});

test('assembleCvResults: a failed fit scores errorScore and ranks last when NaN', () => {
  const fail: FitResult = {
    ok: false,
    key: 'x',
    candidateIndex: 1,
    splitIndex: 0,
    errorClass: 'Error',
    message: 'fit failed: boom',
    cause: 'model',
    fitTime: 0.5,
    scoreTime: 0,
  };
  const results = [
    [ok(0, 0, { score: 0.7 }), ok(0, 1, { score: 0.9 })],
    [fail, ok(1, 1, { score: 1 })],
    [ok(2, 0, { score: 0.1 }), ok(2, 1, { score: 0.1 })],
  ];
  const candidates = [{ a: 1 }, { a: 2 }, { a: 3 }];
  const nan = assembleCvResults({ candidates, nSplits: 2, metrics: ['score'], returnTrainScore: false, results, errorScore: NaN });
  assert.ok(Number.isNaN(nan.split0_test_score[1] as number));
  assert.ok(Number.isNaN(nan.mean_test_score[1] as number));
  assert.deepEqual(nan.rank_test_score, [1, 3, 2]);
  assert.equal(nan.mean_fit_time[1], (0.5 + 0.02) / 2);
  const zero = assembleCvResults({ candidates, nSplits: 2, metrics: ['score'], returnTrainScore: false, results, errorScore: 0 });
  assert.equal(zero.mean_test_score[1], 0.5);
  assert.deepEqual(zero.rank_test_score, [1, 2, 3]);
});
