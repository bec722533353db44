import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadDigits } from '../../src/data/bundled.js';
import { makeDataSet } from '../../src/data/dataset.js';
import { scratchBytes, scratchFloat64, scratchInt32 } from '../../src/data/scratch.js';
import { RandomForestClassifier, RandomForestRegressor } from '../../src/estimators/forest/index.js';
import { fitAndScore } from '../../src/jobs/fit-and-score.js';
import type { FitJob } from '../../src/jobs/types.js';

describe('scratch memory', () => {
  it('hands the same memory back for a slot while it is large enough, and grows it when not', () => {
    const a = scratchFloat64('test.slot', 1000);
    a[0] = 42;
    const b = scratchFloat64('test.slot', 500);
    assert.equal(b.buffer, a.buffer, 'a smaller request reuses the buffer');
    assert.equal(b.length, 500);
    assert.equal(b[0], 42, 'contents are not cleared (callers fill what they read)');
    const c = scratchFloat64('test.slot', 5000);
    assert.notEqual(c.buffer, a.buffer, 'a larger request gets a larger buffer');
    assert.equal(c.length, 5000);
    const i = scratchInt32('test.other', 10);
    assert.notEqual(i.buffer, c.buffer, 'slots never share memory');
    assert.ok(scratchBytes() >= 5000 * 8 + 10 * 4);
  });

  it('is never part of a fitted forest: a second fit on other rows leaves the first model unchanged (digits)', async () => {
    const { X, y } = await loadDigits();
    const first = new RandomForestClassifier({ nEstimators: 5, randomState: 0 }).fit(X, y);
    const before = first.predictProba(X).data.slice();
    // a second classifier and a regressor, on fewer rows, reuse the same scratch slots
    const rows = { data: X.data.subarray(0, 300 * X.cols), rows: 300, cols: X.cols };
    new RandomForestClassifier({ nEstimators: 3, randomState: 1 }).fit(rows, y.subarray(0, 300));
    new RandomForestRegressor({ nEstimators: 3, randomState: 1 }).fit(rows, Float64Array.from(y.subarray(0, 300)));
    assert.deepEqual(first.predictProba(X).data, before);
  });

  it('scores each job on its own rows although scoring memory is reused (fitAndScore on digits)', async () => {
    const { X, y } = await loadDigits();
    const data = makeDataSet(X, y);
    const n = X.rows;
    const half = (from: number, to: number): Int32Array => Int32Array.from({ length: to - from }, (_, k) => from + k);
    const job = (train: Int32Array, test: Int32Array, key: string): FitJob => ({
      key,
      candidateIndex: 0,
      splitIndex: 0,
      dataId: data.id,
      train,
      test,
      seed: 7,
      estimator: { name: 'RandomForestClassifier', params: { nEstimators: 5, randomState: 0 } },
      scoring: { score: 'accuracy' },
      returnTrainScore: true,
    });
    const a = fitAndScore(job(half(0, 1200), half(1200, n), 'a'), data);
    const b = fitAndScore(job(half(600, n), half(0, 600), 'b'), data);
    const a2 = fitAndScore(job(half(0, 1200), half(1200, n), 'a2'), data);
    assert.ok(a.ok && b.ok && a2.ok);
    assert.deepEqual(a2.testScores, a.testScores, 'the same job scores the same after another job used the memory');
    assert.deepEqual(a2.trainScores, a.trainScores);
    assert.ok(
      a.trainScores!.score > 0.98 && a.trainScores!.score > a.testScores.score,
      `train accuracy ${a.trainScores!.score}: computed on the train rows, which fully grown trees nearly fit`,
    );
    assert.ok(a.testScores.score > 0.8 && a.testScores.score < 1, `test accuracy ${a.testScores.score}`);
  });
});
