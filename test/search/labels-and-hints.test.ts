/**
 * The search boundary: string class labels (scikit-learn accepts any labels; classes_ holds them
 * sorted, predict returns them) give the same scores as their integer encoding on the inline
 * executor and the pool; "did you mean" for scikit-learn's snake_case names; one FitFailedWarning
 * per search (scikit-learn's FitFailedWarning, emitted once after the fits).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadDigits } from '../../src/data/bundled.js';
import { takeLabels, takeRows } from '../../src/data/matrix.js';
import { KNeighborsClassifier } from '../../src/estimators/k-neighbors-classifier.js';
import { Pipeline } from '../../src/estimators/pipeline.js';
import { RandomForestClassifier } from '../../src/estimators/forest/random-forest.js';
import { StandardScaler } from '../../src/estimators/standard-scaler.js';
import { SVC } from '../../src/estimators/svc.js';
import { InlineExecutor } from '../../src/executors/inline.js';
import { PiscinaExecutor } from '../../src/executors/piscina/index.js';
import { GridSearchCV } from '../../src/search/grid-search.js';
import { RandomizedSearchCV } from '../../src/search/randomized-search.js';

const digits = await loadDigits();
const rows = Int32Array.from({ length: 450 }, (_, i) => i);
const X = takeRows(digits.X, rows);
const y = takeLabels(digits.y, rows);
const NAMES = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
const words = Array.from(y, (v) => NAMES[v]!);

test('string labels: the same cvResults as their integer encoding on inline and the pool; classes and predictions in the labels given', async () => {
  // sorted as strings the classes are eight, five, four, nine, one, …: encode the integers the same way
  const sorted = [...NAMES].sort();
  const codes = Float64Array.from(words, (w) => sorted.indexOf(w));
  const grid = { nNeighbors: [1, 5, 15] };
  const reference = await new GridSearchCV(new KNeighborsClassifier(), grid, {
    cv: 3,
    scoring: ['accuracy', 'f1_macro', 'neg_log_loss'],
    refit: 'accuracy',
    executor: new InlineExecutor(),
  }).fit(X, codes);
  const pool = new PiscinaExecutor({ maxThreads: 2 });
  try {
    for (const executor of [new InlineExecutor(), pool]) {
      const search = new GridSearchCV(new KNeighborsClassifier(), grid, {
        cv: 3,
        scoring: ['accuracy', 'f1_macro', 'neg_log_loss'],
        refit: 'accuracy',
        executor,
      });
      const fitted = await search.fit(X, words);
      for (const k of ['mean_test_accuracy', 'mean_test_f1_macro', 'mean_test_neg_log_loss', 'split2_test_accuracy'] as const) {
        assert.deepEqual(Array.from(fitted.cvResults[k]), Array.from(reference.cvResults[k]), `${executor.kind} ${k}`);
      }
      assert.deepEqual(fitted.classes, sorted);
      const predicted = fitted.predict(X);
      const expected = Array.from(reference.predict(X), (c) => sorted[c]!);
      assert.deepEqual(predicted, expected);
      assert.equal(fitted.score(X, words), reference.score(X, codes));
    }
  } finally {
    await pool.close();
  }
  // numeric labels stay numeric: classes are the sorted values, predict a typed array
  const numeric = await new GridSearchCV(new KNeighborsClassifier(), grid, { cv: 3, executor: new InlineExecutor() }).fit(X, y);
  assert.deepEqual(numeric.classes, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.ok(numeric.predict(X) instanceof Float64Array);
  await assert.rejects(
    new GridSearchCV(new KNeighborsClassifier(), grid, { cv: 3 }).fit(X, [...words.slice(1), 3] as never),
    /mixes label types \(y\[0\] is a string, y\[449\] is a number\)/,
  );
  const once = await new GridSearchCV(new KNeighborsClassifier(), { nNeighbors: [3] }, { cv: 3, executor: new InlineExecutor() }).fit(X, words);
  assert.throws(() => once.score(X, ['eleven', ...words.slice(1)]), /label "eleven" at row 0 is not one of the classes seen in fit: "eight", "five"/);
});

test("snake_case names get a 'did you mean' in estimator parameters, grid keys, Pipeline keys and options", async () => {
  assert.throws(() => new SVC({ class_weight: 'balanced' } as never), /unknown parameter 'class_weight' \(did you mean 'classWeight'\?\)/);
  assert.throws(() => new RandomForestClassifier({ n_estimators: 10 } as never), /unknown parameter 'n_estimators' \(did you mean 'nEstimators'\?\)/);
  assert.throws(() => new SVC({ gama: 1 } as never), /unknown parameter 'gama' \(did you mean 'gamma'\?\)/);
  const exec = new InlineExecutor();
  await assert.rejects(
    new GridSearchCV(new RandomForestClassifier(), { max_depth: [2] } as never, { executor: exec }).fit(X, y),
    /invalid parameter 'max_depth' for estimator RandomForestClassifier \(did you mean 'maxDepth'\?\)/,
  );
  const pipe = Pipeline.fromSteps([
    ['scaler', new StandardScaler()],
    ['svc', new SVC()],
  ]);
  await assert.rejects(
    new GridSearchCV(pipe, { svc__class_weight: [null] } as never, { executor: exec }).fit(X, y),
    /invalid parameter 'svc__class_weight' for estimator Pipeline \(did you mean 'svc__classWeight'\?\)/,
  );
  assert.throws(() => pipe.setParams({ scaler__with_mean: false }), /parameter 'with_mean'|did you mean 'withMean'\?/);
  await assert.rejects(new RandomizedSearchCV(new SVC(), { C: [1] }, { n_iter: 3 } as never).fit(X, y), /unknown option 'n_iter' \(did you mean 'nIter'\?\)/);
  await assert.rejects(
    new GridSearchCV(new SVC(), { C: [1] }, { return_train_score: true } as never).fit(X, y),
    /unknown option 'return_train_score' \(did you mean 'returnTrainScore'\?\)/,
  );
  assert.throws(
    () => new SVC({ zzz: 1 } as never),
    (err: Error) => !err.message.includes('did you mean'),
  );
});

test('one FitFailedWarning per search, naming each failed candidate and split; none without failures', async () => {
  const warnings: Error[] = [];
  const onWarning = (w: Error): void => void warnings.push(w);
  process.on('warning', onWarning);
  const pool = new PiscinaExecutor({ maxThreads: 2 });
  try {
    for (const executor of [new InlineExecutor(), pool]) {
      // class weights for classes y lacks fail in every fit (C = -1 is refused before any fit now)
      await new GridSearchCV(new SVC(), { classWeight: [{ 99: 2 }, null, { 98: 1 }] }, { cv: 3, executor }).fit(X, y);
      await new GridSearchCV(new SVC(), { C: [1] }, { cv: 3, executor }).fit(X, y);
    }
    await new Promise((resolve) => setImmediate(resolve));
  } finally {
    process.off('warning', onWarning);
    await pool.close();
  }
  const fitFailed = warnings.filter((w) => w.name === 'FitFailedWarning');
  assert.equal(fitFailed.length, 2, 'one per failing search, on each executor');
  for (const w of fitFailed) {
    assert.match(w.message, /^6 of 9 fits failed and scored errorScore \(NaN\):/);
    const lines = w.message.split('\n').slice(1);
    assert.equal(lines.length, 2, w.message);
    assert.match(
      lines[0]!,
      /^ {2}candidate 0 \(\{"classWeight":\{"99":2\}\}\) splits 0, 1, 2: ValidationError: fit failed: SVC: classWeight names class 99, which is not in y/,
    );
    assert.match(
      lines[1]!,
      /^ {2}candidate 2 \(\{"classWeight":\{"98":1\}\}\) splits 0, 1, 2: ValidationError: fit failed: SVC: classWeight names class 98, which is not in y/,
    );
  }
});
