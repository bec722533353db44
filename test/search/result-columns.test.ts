/**
 * Scale (issue 13, item 8): results kept in typed-array columns and jobs run in chunks give
 * exactly the cvResults of the object-per-fit assembly (scikit-learn's cv_results_ layout,
 * checked against scikit-learn 1.2.1 in results.test.ts and digits-svc.test.ts).
 */
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { describe, it } from 'node:test';
import '../../src/index.js';
import { loadDigits } from '../../src/data/bundled.js';
import { makeDataSet } from '../../src/data/dataset.js';
import type { Params } from '../../src/estimators/estimator.js';
import { createEstimator } from '../../src/estimators/registry.js';
import type { Estimator } from '../../src/estimators/estimator.js';
import { InlineExecutor } from '../../src/executors/inline.js';
import type { FitResult } from '../../src/jobs/types.js';
import { CandidateEvaluator } from '../../src/search/evaluator.js';
import { assembleCvResults, ResultColumns } from '../../src/search/results.js';
import { StratifiedKFold } from '../../src/split/stratified-kfold.js';

describe('ResultColumns', () => {
  it('assembles the same cvResults as one FitResult object per fit (failures, masked params, train scores, two metrics)', () => {
    const candidates: Params[] = [{ C: 1 }, { C: 10, gamma: 0.1 }, { C: 100 }, { gamma: 1 }];
    const metrics = ['accuracy', 'f1'];
    const nSplits = 3;
    let t = 0.001;
    const results: FitResult[][] = candidates.map((_, c) =>
      Array.from({ length: nSplits }, (_, s): FitResult => {
        t *= 1.7;
        if (c === 2 && s === 1)
          return { ok: false, key: 'k', candidateIndex: c, splitIndex: s, errorClass: 'ValueError', message: 'x', cause: 'model', fitTime: t, scoreTime: 0 };
        return {
          ok: true,
          key: 'k',
          candidateIndex: c,
          splitIndex: s,
          testScores: { accuracy: 0.5 + c / 10 + s / 100, f1: 0.4 + c / 7 },
          trainScores: { accuracy: 0.9, f1: 0.8 - s / 9 },
          fitTime: t,
          scoreTime: t / 3,
          nTestSamples: 10,
        };
      }),
    );
    const columns = new ResultColumns(nSplits, metrics, true, -1);
    columns.addCandidates(2);
    columns.addCandidates(2);
    // filled out of order, as results land
    for (let s = nSplits - 1; s >= 0; s--) for (let c = candidates.length - 1; c >= 0; c--) assert.equal(columns.set(c, s, results[c]![s]!), true);
    assert.equal(columns.set(0, 0, results[0]![0]!), false, 'a filled slot is kept');
    assert.equal(columns.filled, 12);
    const expected = assembleCvResults({ candidates, nSplits, metrics, returnTrainScore: true, results, errorScore: -1 });
    const actual = columns.assemble(candidates);
    assert.deepEqual(Object.keys(actual), Object.keys(expected), 'same keys in the same order');
    assert.deepEqual(actual, expected);
  });

  it('a search run in chunks of a few jobs gives the cvResults of one run, each chunk a separate executor run', async () => {
    const { X, y } = await loadDigits();
    const data = makeDataSet(X, y);
    const folds = [...new StratifiedKFold({ nSplits: 2 }).split(X, y)];
    const candidates: Params[] = [1e-9, 1e-6, 1e-3, 1e-1, 1].map((v) => ({ varSmoothing: v }));
    const run = async (jobChunk: number): Promise<{ cv: ReturnType<CandidateEvaluator['cvResults']>; runs: number }> => {
      const executor = new InlineExecutor();
      let runs = 0;
      const inner = executor.run.bind(executor);
      executor.run = (...a) => (runs++, inner(...a));
      const ev = new CandidateEvaluator({
        estimator: createEstimator('GaussianNB') as Estimator,
        data,
        folds,
        scoring: { score: 'accuracy' },
        returnTrainScore: false,
        errorScore: NaN,
        seed: 0,
        executor,
        progressMetric: 'score',
        events: new EventEmitter(),
        jobChunk,
      });
      await ev.evaluate(candidates);
      return { cv: ev.cvResults(), runs };
    };
    const whole = await run(1000);
    const chunked = await run(4); // two candidates × two folds per run
    assert.deepEqual([whole.runs, chunked.runs], [1, 3]);
    const strip = (cv: Record<string, unknown>): Record<string, unknown> => Object.fromEntries(Object.entries(cv).filter(([k]) => !k.includes('time')));
    assert.deepEqual(strip(chunked.cv), strip(whole.cv));
  });
});
