/**
 * Job keys and seeds are a stable contract (journals and the cluster's job ids rely on
 * them): the values below were produced by the first implementation (createHash per
 * call, every hash recomputed per job) and must not change with its optimisations.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canonicalJSON, deriveSeed, hashIndices, jobKey } from '../../src/jobs/job-key.js';

const parts = {
  dataId: 'digits',
  estimatorName: 'SVC',
  params: { kernel: 'rbf', C: 10, gamma: 0.001 },
  train: Int32Array.of(0, 1, 2, 5),
  test: Int32Array.of(3, 4),
  scoring: { score: 'accuracy' },
  returnTrainScore: false,
};

describe('job keys', () => {
  it('are the recorded values, with or without the precomputed canonical JSON', () => {
    const key = jobKey(parts);
    assert.equal(key, '5b5822707bc18394bfff8942f4c6f6dd5b2dc6b8');
    assert.equal(jobKey({ ...parts, paramsJSON: canonicalJSON(parts.params), scoringJSON: canonicalJSON(parts.scoring) }), key);
    assert.equal(deriveSeed(7, key), 1151715467);
  });

  it('hash fold indices by content: equal arrays, equal hashes; a remembered array gives its first hash', () => {
    const a = Int32Array.of(1, 2, 3);
    assert.equal(hashIndices(a), hashIndices(Int32Array.of(1, 2, 3)));
    assert.notEqual(hashIndices(a), hashIndices(Int32Array.of(1, 2, 4)));
    assert.equal(hashIndices(a), hashIndices(a));
  });
});
