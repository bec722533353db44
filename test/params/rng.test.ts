/**
 * The seeded generators of src/params/rng.ts. No scikit-learn behaviour: hyperfold's own streams,
 * which must not change between versions (a halving search's subsamples are drawn from them).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { makeRng, permutation, seededPermutation } from '../../src/params/rng.js';

describe('seededPermutation', () => {
  it('equals permutation(n, makeRng(seed)) exactly, for small and large n and several seeds', () => {
    for (const [n, seed] of [
      [0, 1],
      [1, 1],
      [2, 5],
      [10, 0],
      [1000, 42],
      [187_667, 7],
      [375_000, 3_141_592_653],
    ] as const) {
      assert.deepEqual(seededPermutation(n, seed), permutation(n, makeRng(seed)), `n=${n} seed=${seed}`);
    }
  });

  it('is a permutation, and refuses a seed that is not an integer', () => {
    const p = seededPermutation(5000, 11);
    assert.deepEqual(
      Array.from(p).sort((a, b) => a - b),
      Array.from({ length: 5000 }, (_, i) => i),
    );
    assert.throws(() => seededPermutation(3, 0.5), /randomState must be an integer, got 0.5/);
  });
});
