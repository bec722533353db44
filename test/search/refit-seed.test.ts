import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadDigits } from '../../src/data/bundled.js';
import { createEstimator } from '../../src/estimators/registry.js';
import '../../src/estimators/index.js';
import type { Estimator } from '../../src/estimators/estimator.js';
import { InlineExecutor } from '../../src/executors/inline.js';
import { GridSearchCV } from '../../src/search/index.js';

test('refit seeds an unseeded Pipeline step as the CV fits do: same search seed, same refitted forest', async () => {
  const { X, y } = await loadDigits();
  const pipe = (): Estimator =>
    createEstimator('Pipeline', {
      steps: [
        ['scaler', { name: 'StandardScaler', params: {} }],
        ['rf', { name: 'RandomForestClassifier', params: { nEstimators: 3, maxDepth: 4 } }],
      ],
    }) as Estimator;
  const run = async (): Promise<Estimator> => {
    const s = new GridSearchCV(pipe(), { rf__maxDepth: [3, 4] }, { cv: 3, randomState: 7, executor: new InlineExecutor() });
    await s.fit(X, y);
    return s.bestEstimator;
  };
  const a = await run();
  const b = await run();
  assert.equal(typeof a.getParams().rf__randomState, 'number');
  assert.equal(a.getParams().rf__randomState, b.getParams().rf__randomState);
  assert.deepEqual(JSON.stringify(a.toJSON()), JSON.stringify(b.toJSON()));
});
