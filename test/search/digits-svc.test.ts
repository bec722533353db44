/**
 * GridSearchCV and RandomizedSearchCV with the real SVC (libsvm-js) on digits, checked
 * against scikit-learn 1.2.1: unshuffled StratifiedKFold(3), same split scores (to within
 * one test sample), same ranks, same best parameters.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadDigits } from '../../src/data/bundled.js';
import { takeLabels, takeRows } from '../../src/data/matrix.js';
import { SVC } from '../../src/estimators/svc.js';
import { InlineExecutor } from '../../src/executors/inline.js';
import { loguniform } from '../../src/params/distributions.js';
import type { GridSpace } from '../../src/params/grid.js';
import { GridSearchCV } from '../../src/search/grid-search.js';
import { RandomizedSearchCV } from '../../src/search/randomized-search.js';
import { StratifiedKFold } from '../../src/split/stratified-kfold.js';
import type { CvResults, GridFor } from '../../src/search/types.js';

const digits = await loadDigits();
const { X, y } = digits;
/** Each fold tests 599 rows: one sample is 1/599 of accuracy. */
const ONE_SAMPLE = 1 / 599 + 1e-9;

function splitScores(cv: CvResults, metric: string, n: number): number[][] {
  return Array.from({ length: n }, (_, i) => [0, 1, 2].map((s) => cv[`split${s}_test_${metric}`]![i] as number));
}

function assertClose(actual: number[][], expected: number[][], tol: number, what: string): void {
  actual.forEach((row, i) =>
    row.forEach((v, s) => assert.ok(Math.abs(v - expected[i]![s]!) <= tol, `${what}: candidate ${i} split ${s}: ${v} vs scikit-learn ${expected[i]![s]}`)),
  );
}

test('GridSearchCV(SVC rbf, C × gamma, StratifiedKFold(3)) on digits agrees with scikit-learn 1.2.1', async () => {
  const search = new GridSearchCV(
    new SVC({ kernel: 'rbf' }),
    { C: [1, 10, 100], gamma: [0.0001, 0.001] },
    {
      cv: new StratifiedKFold({ nSplits: 3 }),
      scoring: 'accuracy',
      executor: new InlineExecutor(),
    },
  );
  await search.fit(X, y);
  const cv = search.cvResults!;
  // scikit-learn 1.2.1: GridSearchCV(SVC(kernel='rbf'), {'C': [1, 10, 100], 'gamma': [0.0001, 0.001]},
  //   cv=StratifiedKFold(3), scoring='accuracy').fit(*load_digits(return_X_y=True)).cv_results_
  const sklearn = [
    [0.949917, 0.963272, 0.931553],
    [0.96828, 0.981636, 0.974958],
    [0.944908, 0.971619, 0.953255],
    [0.971619, 0.981636, 0.974958],
    [0.951586, 0.963272, 0.951586],
    [0.971619, 0.981636, 0.974958],
  ];
  assert.deepEqual(cv.params, [
    { C: 1, gamma: 0.0001 },
    { C: 1, gamma: 0.001 },
    { C: 10, gamma: 0.0001 },
    { C: 10, gamma: 0.001 },
    { C: 100, gamma: 0.0001 },
    { C: 100, gamma: 0.001 },
  ]);
  assertClose(splitScores(cv, 'score', 6), sklearn, ONE_SAMPLE + 1e-6, 'accuracy');
  // scikit-learn 1.2.1: rank_test_score [6 3 4 1 5 1] (a tie for first: the first one wins), best {'C': 10, 'gamma': 0.001}
  assert.deepEqual(cv.rank_test_score, [6, 3, 4, 1, 5, 1]);
  assert.equal(search.bestIndex, 3);
  assert.deepEqual(search.bestParams, { C: 10, gamma: 0.001 });
  assert.ok(Math.abs(search.bestScore! - 0.9760712298274902) <= ONE_SAMPLE / 3 + 1e-9); // scikit-learn 1.2.1 best_score_
  assert.deepEqual(search.bestEstimator.getParams().C, 10);
  assert.ok(search.score(X, y) > 0.99); // refitted on all rows, scored on them
});

test("multi-metric ['accuracy', 'f1_macro'] with refit: 'f1_macro' agrees with scikit-learn 1.2.1", async () => {
  const search = new GridSearchCV(
    new SVC(),
    { C: [1, 10], gamma: [0.0001, 0.0005] },
    {
      cv: new StratifiedKFold({ nSplits: 3 }),
      scoring: ['accuracy', 'f1_macro'],
      refit: 'f1_macro',
      executor: new InlineExecutor(),
    },
  );
  await search.fit(X, y);
  const cv = search.cvResults!;
  assert.equal(search.multimetric, true);
  // scikit-learn 1.2.1 cv_results_ keys for this search
  assert.deepEqual(Object.keys(cv), [
    'mean_fit_time',
    'std_fit_time',
    'mean_score_time',
    'std_score_time',
    'param_C',
    'param_gamma',
    'params',
    'split0_test_accuracy',
    'split1_test_accuracy',
    'split2_test_accuracy',
    'mean_test_accuracy',
    'std_test_accuracy',
    'rank_test_accuracy',
    'split0_test_f1_macro',
    'split1_test_f1_macro',
    'split2_test_f1_macro',
    'mean_test_f1_macro',
    'std_test_f1_macro',
    'rank_test_f1_macro',
  ]);
  // scikit-learn 1.2.1
  assertClose(
    splitScores(cv, 'accuracy', 4),
    [
      [0.949917, 0.963272, 0.931553],
      [0.96828, 0.981636, 0.964942],
      [0.944908, 0.971619, 0.953255],
      [0.966611, 0.979967, 0.96995],
    ],
    ONE_SAMPLE + 1e-6,
    'accuracy',
  );
  assertClose(
    splitScores(cv, 'f1_macro', 4),
    [
      [0.950038, 0.963346, 0.931404],
      [0.968143, 0.981763, 0.964898],
      [0.945089, 0.971555, 0.953315],
      [0.96654, 0.979979, 0.969937],
    ],
    0.003,
    'f1_macro',
  );
  // scikit-learn 1.2.1: best_index_ 3, best_params_ {'C': 10, 'gamma': 0.0005}, best_score_ 0.9721520936047581 (mean f1_macro)
  assert.equal(search.bestIndex, 3);
  assert.deepEqual(search.bestParams, { C: 10, gamma: 0.0005 });
  assert.equal(search.bestScore, cv.mean_test_f1_macro[3]);
  assert.ok(Math.abs(search.bestScore! - 0.9721520936047581) < 0.002);
  assert.notEqual(search.bestScore, cv.mean_test_accuracy[3]);
});

test('RandomizedSearchCV: the same randomState draws the same candidates and scores; another draws others', async () => {
  const rows = Int32Array.from({ length: 450 }, (_, i) => i);
  const Xs = takeRows(X, rows);
  const ys = takeLabels(y, rows);
  const space = { C: loguniform(1e-1, 1e3), gamma: loguniform(1e-4, 1e-2) };
  const run = async (randomState: number): Promise<CvResults> => {
    const s = new RandomizedSearchCV(new SVC(), space, { nIter: 4, cv: 3, randomState, executor: new InlineExecutor(), refit: false });
    await s.fit(Xs, ys);
    return s.cvResults!;
  };
  const a = await run(0);
  const b = await run(0);
  const c = await run(1);
  assert.equal(a.params.length, 4);
  assert.deepEqual(b.params, a.params);
  assert.deepEqual(b.mean_test_score, a.mean_test_score);
  for (const p of a.params) assert.ok((p.C as number) >= 0.1 && (p.C as number) <= 1000 && (p.gamma as number) >= 1e-4 && (p.gamma as number) <= 1e-2);
  assert.notDeepEqual(c.params, a.params);
  for (const p of c.params) assert.ok(!a.params.some((q) => q.C === p.C), 'another seed draws other values');
});

// Candidate 1 fails to fit: a class weight for a class absent from y (C = -1 used to serve, but SVC now refuses
// it before any fit is dispatched). scikit-learn 1.2.1 raises at fit for it too (ValueError), so its row is NaN.
const masked: GridFor<SVC>[] = [
  { kernel: ['linear'], C: [1] },
  { kernel: ['rbf'], gamma: [0.001], C: [10], classWeight: [{ 99: 2 }, null] },
];

test('a list-of-dicts grid masks absent params; a fit that fails scores NaN (errorScore default), as scikit-learn 1.2.1', async () => {
  const rows = Int32Array.from({ length: 450 }, (_, i) => i);
  const search = new GridSearchCV(new SVC(), masked, { cv: new StratifiedKFold({ nSplits: 3 }), executor: new InlineExecutor() });
  const warned: Error[] = [];
  const onWarning = (w: Error): void => void warned.push(w);
  process.on('warning', onWarning);
  await search.fit(takeRows(X, rows), takeLabels(y, rows));
  await new Promise((r) => setImmediate(r));
  process.off('warning', onWarning);
  const cv = search.cvResults!;
  // scikit-learn 1.2.1 on X[:450] (class_weight {99: 1}: "The classes, [0, …, 9], are not in class_weight"):
  // param_C [1 10 10], param_class_weight [-- {99: 1} None], param_gamma [-- 0.001 0.001], param_kernel ['linear' 'rbf' 'rbf'],
  // split scores [[0.886667, 0.966667, 0.913333], [nan, nan, nan], [0.913333, 0.993333, 0.893333]], rank [2 3 1]
  assert.deepEqual(cv.param_C, [1, 10, 10]);
  assert.deepEqual(cv.param_gamma, [undefined, 0.001, 0.001]);
  assert.deepEqual(cv.param_kernel, ['linear', 'rbf', 'rbf']);
  const scores = splitScores(cv, 'score', 3);
  assert.ok(scores[1]!.every(Number.isNaN));
  assertClose(
    [scores[0]!, scores[2]!],
    [
      [0.886667, 0.966667, 0.913333],
      [0.913333, 0.993333, 0.893333],
    ],
    1 / 150 + 1e-6,
    'accuracy',
  );
  assert.deepEqual(cv.rank_test_score, [2, 3, 1]);
  assert.deepEqual(search.bestParams, { C: 10, classWeight: null, gamma: 0.001, kernel: 'rbf' });
  assert.equal(search.failures.length, 3);
  assert.deepEqual(
    search.failures.map((f) => [f.candidateIndex, f.errorClass]),
    [
      [1, 'ValidationError'],
      [1, 'ValidationError'],
      [1, 'ValidationError'],
    ],
  );
  assert.match(search.failures[0]!.message, /classWeight names class 99/);
  assert.ok(search.failures[0]!.stack);
  assert.ok(warned.some((w) => w.name === 'FitFailedWarning' && /3 of 9 fits failed/.test(w.message)));
});

test("errorScore 'raise' with SVC: a failing fit rejects naming candidate and split", async () => {
  const rows = Int32Array.from({ length: 450 }, (_, i) => i);
  const search = new GridSearchCV(new SVC(), masked, { cv: 3, errorScore: 'raise', executor: new InlineExecutor() });
  let ran = 0;
  search.on('result', () => ran++);
  await assert.rejects(
    search.fit(takeRows(X, rows), takeLabels(y, rows)),
    /candidate 1 \(\{"C":10,"classWeight":\{"99":2\},"gamma":0.001,"kernel":"rbf"\}\) split 0: ValidationError: fit failed: .*classWeight/,
  );
  assert.equal(ran, 4);
  assert.equal(search.cvResults, undefined);
});

test("'neg_log_loss' needs predictProba: SVC with probability: false is refused before any fit, with the fix", async () => {
  let ran = 0;
  const search = new GridSearchCV(new SVC(), { C: [1] }, { scoring: 'neg_log_loss', executor: new InlineExecutor() });
  search.on('result', () => ran++);
  await assert.rejects(
    search.fit(X, y),
    /scoring 'neg_log_loss' needs predictProba, which SVC does not provide with its current parameters \(e\.g\. SVC needs probability: true\)/,
  );
  assert.equal(ran, 0);
});

test('without an executor the search uses (and closes) the default one; scores equal the InlineExecutor run', async () => {
  const rows = Int32Array.from({ length: 300 }, (_, i) => i);
  const Xs = takeRows(X, rows);
  const ys = takeLabels(y, rows);
  const space = { C: [1, 10], gamma: [0.001] };
  const inline = new GridSearchCV(new SVC(), space, { cv: 3, randomState: 0, executor: new InlineExecutor() });
  await inline.fit(Xs, ys);
  const byDefault = new GridSearchCV(new SVC(), space, { cv: 3, randomState: 0 });
  const workers = new Set<string | undefined>();
  byDefault.on('result', (r: { worker?: string }) => workers.add(r.worker));
  await byDefault.fit(Xs, ys);
  const scores = (cv: CvResults): unknown[] =>
    Object.entries(cv)
      .filter(([k]) => k.includes('_test_'))
      .map(([, v]) => v);
  assert.deepEqual(scores(byDefault.cvResults!), scores(inline.cvResults!));
  assert.deepEqual(byDefault.bestParams, inline.bestParams);
  assert.ok(workers.size >= 1);
  // (if the default executor's threads were left open, this test file would never exit)
});
