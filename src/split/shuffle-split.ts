import { ValidationError } from '../errors.js';
import type { Labels } from '../data/matrix.js';
import { makeRng, permutation } from '../params/rng.js';
import { numSamples, sortedIndices } from './fold-utils.js';
import type { Fold, SplitInput, Splitter } from './splitter.js';

/** Options shared by `ShuffleSplit` and `StratifiedShuffleSplit`. */
export interface ShuffleSplitOptions {
  /** Number of re-shuffled splits. Default 10. */
  nSplits?: number;
  /** A fraction in (0, 1) or a row count ≥ 1. Default: the complement of trainSize, or 0.1. */
  testSize?: number;
  /** A fraction in (0, 1) or a row count ≥ 1. Default: the complement of testSize. */
  trainSize?: number;
  /** Seed (seedrandom): the same seed gives the same splits on every machine. */
  randomState?: number;
}

function sizeKind(v: number | undefined, name: string, n: number, who: string): 'none' | 'fraction' | 'count' {
  if (v === undefined) return 'none';
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new ValidationError(`${who}: invalid value for ${name}: ${String(v)}`);
  if (v > 0 && v < 1) return 'fraction';
  if (Number.isInteger(v) && v >= 1 && v < n) return 'count';
  throw new ValidationError(
    `${who}: ${name}=${v} should be either a positive integer smaller than the number of samples ${n} or a fraction in the (0, 1) range`,
  );
}

/** Train and test sizes for n rows, scikit-learn's `_validate_shuffle_split` rules. */
export function resolveShuffleSizes(n: number, testSize: number | undefined, trainSize: number | undefined, who: string): { nTrain: number; nTest: number } {
  if (testSize === undefined && trainSize === undefined) testSize = 0.1;
  const testKind = sizeKind(testSize, 'testSize', n, who);
  const trainKind = sizeKind(trainSize, 'trainSize', n, who);
  if (testKind === 'fraction' && trainKind === 'fraction' && testSize! + trainSize! > 1) {
    throw new ValidationError(`${who}: testSize + trainSize = ${testSize! + trainSize!} should be in the (0, 1) range; reduce testSize and/or trainSize`);
  }
  let nTest = testKind === 'fraction' ? Math.ceil(testSize! * n) : testKind === 'count' ? testSize! : NaN;
  let nTrain = trainKind === 'fraction' ? Math.floor(trainSize! * n) : trainKind === 'count' ? trainSize! : NaN;
  if (trainKind === 'none') nTrain = n - nTest;
  else if (testKind === 'none') nTest = n - nTrain;
  if (nTrain + nTest > n) {
    throw new ValidationError(
      `${who}: trainSize + testSize = ${nTrain + nTest} rows should be at most the number of samples ${n}; reduce testSize and/or trainSize`,
    );
  }
  if (nTrain === 0) {
    throw new ValidationError(`${who}: with n=${n}, testSize=${String(testSize)} and trainSize=${String(trainSize)} the train set would be empty; adjust them`);
  }
  return { nTrain, nTest };
}

/** Validates `nSplits` and `randomState` of the shuffle splitters; returns nSplits. */
export function checkShuffleSplitOptions(options: ShuffleSplitOptions, who: string): number {
  const nSplits = options.nSplits ?? 10;
  if (!Number.isInteger(nSplits) || nSplits < 1) throw new ValidationError(`${who}: nSplits must be an integer ≥ 1, got ${String(nSplits)}`);
  if (options.randomState !== undefined && !Number.isInteger(options.randomState)) {
    throw new ValidationError(`${who}: randomState must be an integer, got ${String(options.randomState)}`);
  }
  return nSplits;
}

/**
 * Random permutation cross-validation (scikit-learn's `ShuffleSplit`): `nSplits` independent
 * random train/test splits (test sets may overlap across splits). Seeded with seedrandom;
 * the draws are not numpy's, so the rows differ from scikit-learn's for the same seed.
 */
export class ShuffleSplit implements Splitter {
  readonly nSplits: number;
  readonly testSize: number | undefined;
  readonly trainSize: number | undefined;
  readonly randomState: number | undefined;

  constructor(options: ShuffleSplitOptions = {}) {
    this.nSplits = checkShuffleSplitOptions(options, 'ShuffleSplit');
    this.testSize = options.testSize;
    this.trainSize = options.trainSize;
    this.randomState = options.randomState;
  }

  /** Yields `nSplits` random splits, indices ascending. */
  split(X: SplitInput, _y?: Labels, _groups?: ArrayLike<number>): Iterable<Fold> {
    const n = numSamples(X, 'ShuffleSplit');
    const { nTrain, nTest } = resolveShuffleSizes(n, this.testSize, this.trainSize, 'ShuffleSplit');
    const rng = makeRng(this.randomState);
    const nSplits = this.nSplits;
    return (function* () {
      for (let s = 0; s < nSplits; s++) {
        const p = permutation(n, rng);
        yield { train: sortedIndices(p.subarray(nTest, nTest + nTrain)), test: sortedIndices(p.subarray(0, nTest)) };
      }
    })();
  }

  /** The number of splits. */
  getNSplits(): number {
    return this.nSplits;
  }
}
