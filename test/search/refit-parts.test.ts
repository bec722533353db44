/**
 * A search on an executor that runs several fits at once refits a forest in tree ranges on that
 * executor (as scikit-learn's forest refits on its `n_jobs` threads) and joins them: the refitted
 * model is the one the search refits whole in its own thread on the inline executor.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadDigits } from '../../src/data/bundled.js';
import { makeDataSet } from '../../src/data/dataset.js';
import { takeLabels, takeRows } from '../../src/data/matrix.js';
import type { Estimator } from '../../src/estimators/estimator.js';
import { RandomForestClassifier } from '../../src/estimators/forest/index.js';
import { InlineExecutor } from '../../src/executors/inline.js';
import { PiscinaExecutor } from '../../src/executors/piscina/index.js';
import type { Executor } from '../../src/executors/executor.js';
import { HalvingGridSearchCV } from '../../src/search/halving-search.js';
import { GridSearchCV } from '../../src/search/index.js';
import { refitParts } from '../../src/search/refit-parts.js';

const digits = await loadDigits();
const rows = Int32Array.from({ length: 900 }, (_, i) => i);
const X = takeRows(digits.X, rows);
const y = takeLabels(digits.y, rows);
const grid = { nEstimators: [3, 5], maxDepth: [4, 8] };

async function refitted(kind: 'grid' | 'halving', executor: Executor): Promise<Estimator> {
  // no randomState on the forest: the refit's seed comes from the search seed, as in every refit
  const est = new RandomForestClassifier();
  const search =
    kind === 'grid'
      ? new GridSearchCV(est, grid, { cv: 3, randomState: 4, executor })
      : new HalvingGridSearchCV(est, grid, { cv: 3, randomState: 4, minResources: 'smallest', executor });
  await search.fit(X, y);
  return search.bestEstimator;
}

test('the pool refits a forest on its 2 threads, identical to the whole refit in the search thread', async () => {
  for (const kind of ['grid', 'halving'] as const) {
    const inline = await refitted(kind, new InlineExecutor());
    const pool = new PiscinaExecutor({ maxThreads: 2 });
    try {
      const pooled = await refitted(kind, pool);
      assert.equal(pool.concurrency, 2);
      assert.ok((inline as RandomForestClassifier).nTrees >= 3);
      assert.deepEqual(pooled.toJSON(), inline.toJSON(), kind);
      assert.deepEqual(pooled.predict(X), inline.predict(X));
    } finally {
      await pool.close();
    }
  }
});

test('refitParts runs one job per tree range on the pool; joined, they are the whole forest', async () => {
  const est = new RandomForestClassifier({ nEstimators: 5, maxDepth: 6, randomState: 3 });
  const data = makeDataSet(X, y);
  const all = Int32Array.from({ length: X.rows }, (_, i) => i);
  const pool = new PiscinaExecutor({ maxThreads: 2 });
  try {
    const parts = await refitParts(est, data, all, 2, pool, undefined);
    assert.equal(pool.lastRunStats?.jobs, 2, "the pool's last run is the refit's two parts");
    const joined = (est.clone() as RandomForestClassifier).joinParts(parts);
    assert.deepEqual(joined.toJSON(), est.clone().fit(X, y).toJSON());
  } finally {
    await pool.close();
  }
});
