/**
 * A forest fit split into tree ranges (`fitIndexed(data, train, part)`, joined by `joinParts`)
 * is the forest fitted whole: what lets a search run its refit on several threads, as
 * scikit-learn's forests fit their trees on `n_jobs` threads with the same result.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { loadDigits } from '../../../src/data/bundled.js';
import { makeDataSet, type DataSet } from '../../../src/data/dataset.js';
import { takeRows, type Matrix } from '../../../src/data/matrix.js';
import { ValidationError } from '../../../src/errors.js';
import type { Estimator, SerializedEstimator } from '../../../src/estimators/estimator.js';
import { DecisionTreeClassifier, ExtraTreesRegressor, RandomForestClassifier } from '../../../src/estimators/forest/index.js';
import '../../../src/estimators/k-neighbors-classifier.js';
import { fitAndScore } from '../../../src/jobs/fit-and-score.js';
import type { FitJob } from '../../../src/jobs/types.js';

describe('forest fitted in parts', () => {
  let data: DataSet;
  let train: Int32Array;
  let Xtest: Matrix;
  before(async () => {
    const d = await loadDigits();
    data = makeDataSet(d.X, d.y);
    train = Int32Array.from({ length: 1200 }, (_, i) => (i * 7) % d.X.rows);
    Xtest = takeRows(
      d.X,
      Int32Array.from({ length: 500 }, (_, i) => 1297 + i),
    );
  });

  const inParts = (make: () => Estimator, count: number): Estimator => {
    const parts: SerializedEstimator[] = [];
    for (let index = 0; index < count; index++) parts.push(make().fitIndexed!(data, train, { index, count }).toJSON());
    return make().joinParts!(parts);
  };

  it('joined tree ranges equal the whole fit (toJSON and predictions), for even and uneven splits', () => {
    const makers: (() => Estimator)[] = [
      () => new RandomForestClassifier({ nEstimators: 7, maxDepth: 6, classWeight: 'balanced_subsample', randomState: 3 }),
      () => new ExtraTreesRegressor({ nEstimators: 4, maxDepth: 5, randomState: 9 }),
    ];
    for (const make of makers) {
      const whole = make().fitIndexed!(data, train);
      const n = make().fitParts!();
      for (const count of [1, 2, 3, n]) {
        const joined = inParts(make, count);
        assert.deepEqual(joined.toJSON(), whole.toJSON(), `${whole.name} in ${count} parts`);
        assert.deepEqual(joined.predict(Xtest), whole.predict(Xtest));
      }
      // one part alone is a different (smaller) forest: the test can tell parts apart
      assert.notDeepEqual(make().fitIndexed!(data, train, { index: 0, count: 2 }).toJSON(), whole.toJSON());
    }
  });

  it('a forest splits into at most its trees; a single tree does not split', () => {
    assert.equal(new RandomForestClassifier({ nEstimators: 5 }).fitParts(), 5);
    assert.equal(new DecisionTreeClassifier().fitParts(), 1);
    const rf = new RandomForestClassifier({ nEstimators: 2, randomState: 0 });
    assert.throws(() => rf.fitIndexed(data, train, { index: 0, count: 3 }), /part 0 of 3 does not name a range of its 2 trees/);
    assert.throws(() => rf.fitIndexed(data, train, { index: 2, count: 2 }), ValidationError);
  });

  it('joinParts refuses parts fitted on other classes or by another estimator', () => {
    const a = new RandomForestClassifier({ nEstimators: 2, randomState: 0 }).fitIndexed(data, train, { index: 0, count: 2 }).toJSON();
    const fewClasses = train.filter((r) => data.y[r]! < 5);
    const b = new RandomForestClassifier({ nEstimators: 2, randomState: 0 }).fitIndexed(data, fewClasses, { index: 1, count: 2 }).toJSON();
    assert.throws(() => new RandomForestClassifier().joinParts([a, b]), /part 1 was fitted on other data than part 0/);
    assert.throws(() => new ExtraTreesRegressor().joinParts([a]), /part 0 is not a fitted ExtraTreesRegressor/);
  });

  it('fitAndScore fits a job’s part and returns the model when asked; an estimator without parts fails the job', () => {
    const job = (name: string, params: FitJob['estimator']['params']): FitJob => ({
      key: 'k',
      candidateIndex: 0,
      splitIndex: 0,
      estimator: { name, params },
      dataId: data.id,
      train,
      test: new Int32Array(0),
      scoring: {},
      returnTrainScore: false,
      seed: 5,
      part: { index: 1, count: 2 },
      returnModel: true,
    });
    const r = fitAndScore(job('RandomForestClassifier', { nEstimators: 4, randomState: 1 }), data);
    assert.ok(r.ok);
    const expected = new RandomForestClassifier({ nEstimators: 4, randomState: 1 }).fitIndexed(data, train, { index: 1, count: 2 }).toJSON();
    assert.deepEqual(r.model, expected);
    const knn = fitAndScore(job('KNeighborsClassifier', {}), data);
    assert.ok(!knn.ok);
    assert.match(knn.message, /cannot fit in parts/);
  });
});
