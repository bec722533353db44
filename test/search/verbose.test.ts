// scikit-learn 1.2's verbose output of a search (`_fit_and_score` END lines, `BaseSearchCV.fit`'s plan line):
// the formatting helpers against strings printed by scikit-learn 1.2.1 / Python 3, and a real search's
// lines parsed back to the same scores as its cvResults.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadDigits } from '../../src/data/bundled.js';
import { SVC } from '../../src/estimators/svc.js';
import { InlineExecutor } from '../../src/executors/inline.js';
import { GridSearchCV } from '../../src/search/grid-search.js';
import { fitLine, planLine, pyFixed, pyFloatRepr, pyStr, shortFormatTime } from '../../src/search/verbose.js';
import { checkAgainst, parseLines } from './helpers/verbose-lines.js';

test("Python number formatting: repr(float), format(x, '.3f') with half-even ties, joblib's short_format_time", () => {
  // Python 3: repr(1e-05), repr(0.0001), repr(1e16), repr(1e15 + 0.5), repr(0.1 + 0.2), repr(123.0), repr(2.5e-07)
  assert.equal(pyFloatRepr(1e-5), '1e-05');
  assert.equal(pyFloatRepr(0.0001), '0.0001');
  assert.equal(pyFloatRepr(1e16), '1e+16');
  assert.equal(pyFloatRepr(1e15 + 0.5), '1000000000000000.5');
  assert.equal(pyFloatRepr(0.1 + 0.2), '0.30000000000000004');
  assert.equal(pyFloatRepr(123), '123.0');
  assert.equal(pyFloatRepr(2.5e-7), '2.5e-07');
  assert.equal(pyFloatRepr(-1.5e300), '-1.5e+300');
  // f'{x:.3f}': 0.0625 → '0.062' (tie to even; JS toFixed gives '0.063'), 0.1875 → '0.188', 0.9765 → '0.977' (its double lies above the tie)
  assert.equal(pyFixed(0.0625, 3), '0.062');
  assert.equal(pyFixed(0.1875, 3), '0.188');
  assert.equal(pyFixed(0.9765, 3), '0.977');
  assert.equal(pyFixed(0.9775, 3), '0.978');
  assert.equal(pyFixed(0.5, 0), '0');
  assert.equal(pyFixed(-0.0001, 3), '-0.000');
  assert.equal(pyFixed(NaN, 3), 'nan');
  assert.equal(pyFixed(2.25, 1), '2.2');
  // joblib.logger.short_format_time(0.1), (59.96), (61), (725)
  assert.equal(shortFormatTime(0.1), '   0.1s');
  assert.equal(shortFormatTime(59.96), '  60.0s');
  assert.equal(shortFormatTime(61), ' 1.0min');
  assert.equal(shortFormatTime(725), '12.1min');
  // str() of parameter values: None, True, 'rbf', [1, 'a'], {'a': None}
  assert.deepEqual(
    [null, true, 'rbf', [1, 'a'], { a: null }].map((v) => pyStr(v)),
    ['None', 'True', 'rbf', "[1, 'a']", "{'a': None}"],
  );
});

test('END lines as scikit-learn 1.2.1 prints them (GridSearchCV(SVC(), …, verbose=N).fit(digits))', () => {
  const fit = {
    params: { gamma: 0.001, C: 1 },
    splitIndex: 0,
    nSplits: 3,
    candidateIndex: 0,
    nCandidates: 4,
    testScores: { score: 0.9682804674457429 },
    totalTime: 0.1,
  };
  // verbose=3, cv=3, {'C': [1, 10], 'gamma': [0.001, 0.0001]}
  assert.equal(planLine(3, 4), 'Fitting 3 folds for each of 4 candidates, totalling 12 fits');
  assert.equal(fitLine(3, fit, false), '[CV 1/3] END ..................C=1, gamma=0.001;, score=0.968 total time=   0.1s');
  assert.equal(fitLine(2, fit, false), '[CV] END ...................................C=1, gamma=0.001; total time=   0.1s');
  // verbose=3, cv=2, scoring=['accuracy', 'f1_macro'], return_train_score=True
  const multi = {
    ...fit,
    splitIndex: 0,
    nSplits: 2,
    testScores: { f1_macro: 0.9572, accuracy: 0.9566 },
    trainScores: { accuracy: 0.9989, f1_macro: 0.9989 },
    totalTime: 0.04,
  };
  assert.equal(
    fitLine(3, multi, true),
    '[CV 1/2] END C=1, gamma=0.001; accuracy: (train=0.999, test=0.957) f1_macro: (train=0.999, test=0.957) total time=   0.0s',
  );
  // verbose=10 adds the candidate: [CV 2/2; 2/2] END C=1000000.0, … (a Python float; JSON numbers that are integral print as ints here)
  const ten = {
    params: { C: 1e6, classWeight: null, gamma: 1e-5, kernel: 'rbf' },
    splitIndex: 1,
    nSplits: 2,
    candidateIndex: 1,
    nCandidates: 2,
    testScores: { score: 0.95 },
    totalTime: 0.04,
  };
  assert.equal(fitLine(10, ten, false), '[CV 2/2; 2/2] END C=1000000, classWeight=None, gamma=1e-05, kernel=rbf;, score=0.950 total time=   0.0s');
  // return_train_score with one metric: score=(train=…, test=…)
  assert.match(fitLine(3, { ...fit, trainScores: { score: 1 } }, false), /;, score=\(train=1\.000, test=0\.968\) total time=/);
});

test('verbose 3 from code: one plan line, one END line per fit, scores parse back to cvResults (one metric, then two with train scores)', async () => {
  const { X, y } = await loadDigits();
  const sub = { data: X.data.slice(0, 450 * 64), rows: 450, cols: 64 };
  const ys = y.slice(0, 450);
  const grid = { C: [1, 10], gamma: [0.001, 0.0001] };

  let out = '';
  const stream = { write: (s: string) => (out += s) };
  const one = await new GridSearchCV(new SVC(), grid, { cv: 3, executor: new InlineExecutor(), verbose: { level: 3, stream } }).fit(sub, ys);
  assert.equal(out.split('\n')[0], 'Fitting 3 folds for each of 4 candidates, totalling 12 fits');
  const lines = parseLines(out);
  assert.equal(lines.length, 12);
  assert.deepEqual(new Set(lines.map((l) => `${l.params}|${l.split}`)).size, 12);
  checkAgainst(one.cvResults!, lines, ['score'], false);

  out = '';
  const two = await new GridSearchCV(new SVC(), grid, {
    cv: 3,
    scoring: ['accuracy', 'f1_macro'],
    refit: 'accuracy',
    returnTrainScore: true,
    executor: new InlineExecutor(),
    verbose: { level: 3, stream },
  }).fit(sub, ys);
  const multi = parseLines(out);
  assert.equal(multi.length, 12);
  checkAgainst(two.cvResults!, multi, ['accuracy', 'f1_macro'], true);

  // level 1: the plan only; level 0 / absent: nothing
  out = '';
  await new GridSearchCV(new SVC(), { C: [1] }, { cv: 3, executor: new InlineExecutor(), verbose: { level: 1, stream } }).fit(sub, ys);
  assert.equal(out, 'Fitting 3 folds for each of 1 candidates, totalling 3 fits\n');
  // a bad level or stream is refused before any fit
  for (const verbose of [-1, 1.5, { level: 2, stream: {} }]) {
    await assert.rejects(new GridSearchCV(new SVC(), { C: [1] }, { cv: 3, executor: new InlineExecutor(), verbose: verbose as never }).fit(sub, ys), {
      name: 'ValidationError',
      message: /^verbose/,
    });
  }
});
