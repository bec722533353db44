/**
 * The forests' warm-up (RegisterOptions.warmUp): what a pool thread runs on the forest code while
 * it waits for its first task. No scikit-learn behaviour is involved; the tests check that every
 * forest estimator declares it, that its steps run to the end on their own synthetic data, and
 * that a search on a pool whose threads warmed up gives the inline executor's cvResults.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import '../../../src/estimators/forest/index.js';
import { RandomForestClassifier } from '../../../src/estimators/forest/index.js';
import { warmUpOf } from '../../../src/estimators/registry.js';
import { forestWarmUp } from '../../../src/estimators/forest/warm-up.js';
import { loadDigits } from '../../../src/data/bundled.js';
import { GridSearchCV } from '../../../src/search/grid-search.js';
import { InlineExecutor } from '../../../src/executors/inline.js';
import { PiscinaExecutor } from '../../../src/executors/piscina/index.js';

describe('forest warm-up', () => {
  it('is declared by every forest estimator (and not by others)', () => {
    for (const name of [
      'RandomForestClassifier',
      'RandomForestRegressor',
      'ExtraTreesClassifier',
      'ExtraTreesRegressor',
      'DecisionTreeClassifier',
      'DecisionTreeRegressor',
    ]) {
      assert.equal(typeof warmUpOf(name), 'function', name);
    }
    assert.equal(warmUpOf('NoSuchEstimator'), undefined);
  });

  it('runs its steps to the end: both criteria for classifiers, squared error for regressors', () => {
    let steps = 0;
    for (const _ of forestWarmUp(true)) steps++;
    assert.equal(steps, 12);
    steps = 0;
    for (const _ of forestWarmUp(false)) steps++;
    assert.equal(steps, 6);
  });

  it('leaves results alone: a search on a fresh pool (threads warmed up) equals the inline search', async () => {
    const { X, y } = await loadDigits();
    const grid = { nEstimators: [3, 5], maxDepth: [4, null] };
    const inline = new GridSearchCV(new RandomForestClassifier({ randomState: 1 }), grid, { cv: 3, randomState: 0, executor: new InlineExecutor() });
    await inline.fit(X, y);
    const pool = new PiscinaExecutor({ maxThreads: 2 });
    try {
      const pooled = new GridSearchCV(new RandomForestClassifier({ randomState: 1 }), grid, { cv: 3, randomState: 0, executor: pool });
      await pooled.fit(X, y);
      assert.deepEqual(Array.from(pooled.cvResults!.mean_test_score), Array.from(inline.cvResults!.mean_test_score));
      assert.deepEqual(pooled.bestParams, inline.bestParams);
    } finally {
      await pool.close();
    }
  });
});
