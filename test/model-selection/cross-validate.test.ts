/**
 * crossValidate / crossValScore against scikit-learn 1.2.1's cross_validate (figures from
 * test/model-selection/sklearn_cross_validate.py, scikit-learn 1.2.1, numpy 1.24.2), string class
 * labels against their integer encoding on the inline executor and the pool, and the checks
 * made before any fit.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadDigits } from '../../src/data/bundled.js';
import { takeLabels, takeRows } from '../../src/data/matrix.js';
import { GaussianNB } from '../../src/estimators/gaussian-nb.js';
import { KNeighborsClassifier } from '../../src/estimators/k-neighbors-classifier.js';
import { SVC } from '../../src/estimators/svc.js';
import { InlineExecutor } from '../../src/executors/inline.js';
import { PiscinaExecutor } from '../../src/executors/piscina/index.js';
import { crossValidate, crossValScore } from '../../src/model-selection/cross-validate.js';

const digits = await loadDigits();

// scikit-learn 1.2.1: cross_validate(GaussianNB(var_smoothing=1e-2), X, y, cv=5,
//   scoring=["accuracy", "f1_macro", "neg_log_loss"], return_train_score=True) on digits
const SK_MULTICLASS = {
  test_accuracy: [0.8888888888888888, 0.8388888888888889, 0.8690807799442897, 0.9498607242339833, 0.8495821727019499],
  train_accuracy: [0.9324982602644398, 0.930410577592206, 0.9262865090403338, 0.9248956884561892, 0.9443671766342142],
  test_f1_macro: [0.8888841974567813, 0.8391097971138766, 0.864610384856437, 0.949821964280867, 0.8516172585956394],
  train_f1_macro: [0.9326615990797256, 0.9307277952893516, 0.9264275471467676, 0.9252909257651558, 0.9445575012988112],
  test_neg_log_loss: [-2.182002687256476, -2.8719317058407077, -1.941217707494451, -0.5068635332047897, -3.1777696308835326],
  train_neg_log_loss: [-0.879031180670514, -0.7880509776790025, -0.8512718192426398, -0.9097383359646622, -0.683915165513028],
};
// scikit-learn 1.2.1: cross_validate(KNeighborsClassifier(n_neighbors=5), X[y in {3, 8}], y[...], cv=4,
//   scoring=["accuracy", "f1_macro", "roc_auc"]) — 357 rows
const SK_BINARY = {
  test_accuracy: [1.0, 0.9550561797752809, 0.9662921348314607, 0.9438202247191011],
  test_f1_macro: [1.0, 0.955050505050505, 0.9662239089184061, 0.94370651486401],
  test_roc_auc: [1.0, 0.9886248736097067, 0.9984833164812943, 0.9868686868686869],
};

function close(got: Float64Array, want: number[], tol: number, what: string): void {
  assert.equal(got.length, want.length, what);
  want.forEach((w, i) => assert.ok(Math.abs(got[i]! - w) <= tol, `${what}[${i}]: ${got[i]} vs scikit-learn ${w}`));
}

const binaryRows = Int32Array.from(Array.from(digits.y.keys()).filter((i) => digits.y[i] === 3 || digits.y[i] === 8));
const Xb = takeRows(digits.X, binaryRows);
const yb = takeLabels(digits.y, binaryRows);

test('crossValidate on multiclass digits equals scikit-learn 1.2.1 cross_validate (GaussianNB, 5 stratified folds, train scores)', async () => {
  const r = await crossValidate(new GaussianNB({ varSmoothing: 1e-2 }), digits.X, digits.y, {
    cv: 5,
    scoring: ['accuracy', 'f1_macro', 'neg_log_loss'],
    returnTrainScore: true,
    executor: new InlineExecutor(),
  });
  assert.deepEqual(Object.keys(r), [
    'fit_time',
    'score_time',
    'test_accuracy',
    'test_f1_macro',
    'test_neg_log_loss',
    'train_accuracy',
    'train_f1_macro',
    'train_neg_log_loss',
  ]);
  for (const [k, v] of Object.entries(SK_MULTICLASS)) close(r[k as keyof typeof SK_MULTICLASS], v, k.includes('log_loss') ? 1e-9 : 1e-12, k);
  assert.ok(r.fit_time.every((t) => t >= 0) && r.score_time.length === 5);
});

test('crossValidate on binary digits (3 vs 8) equals scikit-learn 1.2.1; string labels give the same scores on inline and the pool', async () => {
  const numeric = await crossValidate(new KNeighborsClassifier({ nNeighbors: 5 }), Xb, yb, {
    cv: 4,
    scoring: ['accuracy', 'f1_macro', 'roc_auc'],
    executor: new InlineExecutor(),
  });
  for (const [k, v] of Object.entries(SK_BINARY)) close(numeric[k as keyof typeof SK_BINARY], v, 1e-12, k);
  // 'three' < 'eight' would reverse the classes; these names sort as 3 < 8 do, so roc_auc's positive class is the same
  const words = Array.from(yb, (v) => (v === 3 ? 'digit-3' : 'digit-8'));
  const pool = new PiscinaExecutor({ maxThreads: 2 });
  try {
    for (const executor of [new InlineExecutor(), pool]) {
      const r = await crossValidate(new KNeighborsClassifier({ nNeighbors: 5 }), Xb, words, { cv: 4, scoring: ['accuracy', 'f1_macro', 'roc_auc'], executor });
      for (const k of ['test_accuracy', 'test_f1_macro', 'test_roc_auc'] as const)
        assert.deepEqual(Array.from(r[k]), Array.from(numeric[k]), `${executor.kind} ${k}`);
    }
  } finally {
    await pool.close();
  }
});

test("returnEstimator: each split's fitted estimator reproduces its test score; crossValScore is test_score", async () => {
  const r = await crossValidate(new SVC({ gamma: 0.001 }), Xb, yb, { cv: 3, returnEstimator: true, executor: new InlineExecutor() });
  assert.equal(r.estimator.length, 3);
  const scores = await crossValScore(new SVC({ gamma: 0.001 }), Xb, yb, { cv: 3, executor: new InlineExecutor() });
  assert.deepEqual(Array.from(scores), Array.from(r.test_score));
  // StratifiedKFold(3) test rows: the estimator of split k scores its own test rows as crossValidate did
  const { StratifiedKFold } = await import('../../src/split/stratified-kfold.js');
  const folds = [...new StratifiedKFold({ nSplits: 3 }).split(Xb, yb)];
  folds.forEach((f, k) => {
    const pred = r.estimator[k]!.predict(takeRows(Xb, f.test));
    const yt = takeLabels(yb, f.test);
    const acc = pred.reduce((a, p, i) => a + (p === yt[i] ? 1 : 0), 0) / yt.length;
    assert.equal(acc, r.test_score[k]);
  });
});

test('a failing fit scores NaN and emits one FitFailedWarning; bad options are named before any fit', async () => {
  const warnings: Error[] = [];
  const onWarning = (w: Error): void => void warnings.push(w);
  process.on('warning', onWarning);
  const threes = Int32Array.from(Array.from(yb.keys()).filter((i) => yb[i] === 3));
  const all = Int32Array.from(yb.keys());
  // split 0 trains on one class only: SVC's fit fails there, split 1 is fine
  const cv = [
    { train: threes.subarray(0, 100), test: all.subarray(300) },
    { train: all.subarray(0, 300), test: all.subarray(300) },
  ];
  const r = await crossValidate(new SVC({ gamma: 0.001 }), Xb, yb, { cv, executor: new InlineExecutor() });
  await new Promise((resolve) => setImmediate(resolve));
  process.off('warning', onWarning);
  assert.ok(Number.isNaN(r.test_score[0]));
  assert.ok(r.test_score[1]! > 0.9);
  const fitFailed = warnings.filter((w) => w.name === 'FitFailedWarning');
  assert.equal(fitFailed.length, 1);
  assert.match(fitFailed[0]!.message, /1 of 2 fits failed .*\n  candidate 0 \(\{\}\) split 0: ValidationError: fit failed: SVC.fit: y has a single class/);
  await assert.rejects(
    crossValidate(new SVC(), Xb, yb, { return_train_score: true } as never),
    /unknown option 'return_train_score' \(did you mean 'returnTrainScore'\?\)/,
  );
  await assert.rejects(crossValidate(new SVC(), Xb, yb, { scoring: 'acuracy' as never }), /unknown scoring 'acuracy'/);
  await assert.rejects(crossValidate(new SVC(), Xb, ['a', 1] as never), /mixes label types/);
  await assert.rejects(crossValScore(new SVC(), Xb, yb, { scoring: ['accuracy'] as never }), /scoring must be one scorer/);
});
