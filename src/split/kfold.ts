import type { Labels } from '../data/matrix.js';
import { makeRng, shuffleInPlace, type Rng } from '../params/rng.js';
import { checkEnoughSamples, checkNSplits, checkShuffle, foldFromTest, numSamples } from './fold-utils.js';
import type { Fold, SplitInput, Splitter } from './splitter.js';

/** Options of `KFold`. */
export interface KFoldOptions {
  /** Number of folds, ≥ 2. Default 5. */
  nSplits?: number;
  /** Shuffle the rows before cutting them into folds. Default false. */
  shuffle?: boolean;
  /** Seed of the shuffle (seedrandom): the same seed gives the same folds on every machine. Only with `shuffle: true`. */
  randomState?: number;
}

/**
 * The test blocks of k-fold over `indices`: consecutive blocks, the first `n % k` one row
 * longer (scikit-learn's KFold fold sizes).
 */
export function* kfoldTestBlocks(indices: Int32Array, nSplits: number): Generator<Int32Array> {
  const n = indices.length;
  const base = Math.floor(n / nSplits);
  let start = 0;
  for (let f = 0; f < nSplits; f++) {
    const size = base + (f < n % nSplits ? 1 : 0);
    yield indices.subarray(start, start + size);
    start += size;
  }
}

/** k-fold folds of n rows, shuffled first with `rng` when given (used by KFold and RepeatedKFold). */
export function* kfoldSplits(n: number, nSplits: number, rng: Rng | undefined): Generator<Fold> {
  const indices = new Int32Array(n);
  for (let i = 0; i < n; i++) indices[i] = i;
  if (rng) shuffleInPlace(indices, rng);
  for (const test of kfoldTestBlocks(indices, nSplits)) yield foldFromTest(test, n);
}

/**
 * K-fold cross-validation (scikit-learn's `KFold`): consecutive folds of nearly equal size.
 * Without shuffling the test indices equal scikit-learn's exactly; shuffled folds are seeded
 * with seedrandom (reproducible everywhere, not numpy's stream).
 * Hand-written: ml-cross-validation's `getFolds` shuffles with Math.random (not seedable) and
 * does not reproduce scikit-learn's unshuffled fold boundaries.
 */
export class KFold implements Splitter {
  readonly nSplits: number;
  readonly shuffle: boolean;
  readonly randomState: number | undefined;

  constructor(options: KFoldOptions = {}) {
    this.nSplits = checkNSplits(options.nSplits ?? 5, 'KFold');
    this.shuffle = options.shuffle ?? false;
    this.randomState = options.randomState;
    checkShuffle(this.shuffle, this.randomState, 'KFold');
  }

  /** Yields `nSplits` folds; throws a ValidationError first when nSplits > rows. */
  split(X: SplitInput, _y?: Labels, _groups?: ArrayLike<number>): Iterable<Fold> {
    const n = numSamples(X, 'KFold');
    checkEnoughSamples(this.nSplits, n, 'KFold');
    return kfoldSplits(n, this.nSplits, this.shuffle ? makeRng(this.randomState) : undefined);
  }

  /** The number of folds. */
  getNSplits(): number {
    return this.nSplits;
  }
}
