/** The cluster's binary codec and batch sizing (no Redis needed). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import '../fixtures/cluster-modules.js';
import { loadDigits } from '../../src/data/bundled.js';
import { makeDataSet } from '../../src/data/dataset.js';
import type { Estimator } from '../../src/estimators/estimator.js';
import { createEstimator } from '../../src/estimators/registry.js';
import { ExecutorError, ValidationError } from '../../src/errors.js';
import { decodeDataSet, decodeFold, encodeDataSet, encodeFold, resolveConnection } from '../../src/executors/cluster/index.js';
import { batchSize } from '../../src/executors/cluster/batching.js';
import { parseBatch } from '../../src/executors/cluster/protocol.js';

test('a data set with its derived payload round-trips through the binary encoding, bit for bit', async () => {
  const d = await loadDigits();
  const data = makeDataSet(d.X, d.y);
  (createEstimator('RandomForestClassifier', {}) as Estimator).prepareData?.(data);
  assert.ok(data.derived.size > 0, 'the forest adds its binned payload');
  const buf = encodeDataSet(data);
  // binary, not JSON: X alone is 1797 × 64 × 8 bytes; the whole buffer is not much more
  assert.ok(buf.length < d.X.data.byteLength * 1.5, `${buf.length} bytes`);
  const back = decodeDataSet(buf);
  assert.equal(back.id, data.id);
  assert.deepEqual(back.X, data.X);
  assert.deepEqual(back.y, data.y);
  assert.deepEqual([...back.derived.keys()], [...data.derived.keys()]);
  for (const [k, p] of data.derived) {
    const q = back.derived.get(k)!;
    assert.deepEqual(q.meta, p.meta);
    for (const [name, a] of Object.entries(p.arrays)) {
      assert.equal(q.arrays[name]!.constructor, a.constructor, `${k}.${name} keeps its type`);
      assert.deepEqual(q.arrays[name], a);
    }
  }
  assert.throws(() => decodeDataSet(Buffer.from('not a data set')), ExecutorError);
  assert.throws(() => decodeDataSet(buf.subarray(0, buf.length - 100)), ExecutorError);
});

test('a fold round-trips; a truncated one is rejected', () => {
  const fold = { train: Int32Array.from([0, 2, 4, 6]), test: Int32Array.from([1, 3]) };
  assert.deepEqual(decodeFold(encodeFold(fold)), fold);
  assert.throws(() => decodeFold(encodeFold(fold).subarray(0, 20)), ExecutorError);
});

test('job data from Redis is validated before use', () => {
  assert.throws(() => parseBatch({ v: 2 }), ExecutorError);
  assert.throws(() => parseBatch({ v: 1, searchId: 's', dataId: 'd', fits: [{ key: 'k' }] }), /malformed job data/);
  const ok = {
    v: 1,
    searchId: 's',
    dataId: 'd',
    fits: [
      {
        key: 'k',
        fold: 'f',
        candidateIndex: 0,
        splitIndex: 1,
        seed: 3,
        estimator: { name: 'SVC', params: {} },
        scoring: { score: 'accuracy' },
        returnTrainScore: false,
      },
    ],
  };
  assert.equal(parseBatch(ok).fits.length, 1);
});

test('batch size: many cheap fits share a BullMQ job, slow fits go one per job, every thread gets several batches', () => {
  assert.equal(batchSize({ fits: 10_000, slots: 2, meanFitSeconds: 1e-5, targetSeconds: 0.25, maxBatch: 500 }), 500);
  assert.equal(batchSize({ fits: 150, slots: 2, meanFitSeconds: 0.2, targetSeconds: 0.25, maxBatch: 500 }), 1);
  assert.equal(batchSize({ fits: 100, slots: 2, meanFitSeconds: 1e-5, targetSeconds: 0.25, maxBatch: 500 }), 13);
  assert.equal(batchSize({ fits: 160, slots: 2, targetSeconds: 0.25, maxBatch: 500 }), 1);
  assert.equal(batchSize({ fits: 10_000, slots: 2, targetSeconds: 0.25, maxBatch: 500 }), 40);
  assert.equal(batchSize({ fits: 3, slots: 0, targetSeconds: 0.25, maxBatch: 500 }), 1);
});

test('connection URLs: password kept out of labels, rediss means TLS, bad URLs are ValidationErrors', () => {
  const c = resolveConnection('rediss://user:p%40ss@cache.example:6380/2');
  assert.equal(c.options.password, 'p@ss');
  assert.equal(c.options.username, 'user');
  assert.equal(c.options.port, 6380);
  assert.equal(c.options.db, 2);
  assert.deepEqual(c.options.tls, {});
  assert.ok(!c.label.includes('p%40ss') && !c.label.includes('p@ss'), c.label);
  assert.throws(() => resolveConnection('http://x'), ValidationError);
  assert.throws(() => resolveConnection('not a url'), ValidationError);
});
