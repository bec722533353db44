import { ValidationError } from '../errors.js';
import type { Labels } from '../data/matrix.js';
import { makeRng, permutation, shuffleInPlace, type Rng } from '../params/rng.js';
import { checkLength, encodeClassesSorted, numSamples, sortedIndices } from './fold-utils.js';
import { checkShuffleSplitOptions, resolveShuffleSizes, type ShuffleSplitOptions } from './shuffle-split.js';
import type { Fold, SplitInput, Splitter } from './splitter.js';

/**
 * How many of `nDraws` rows each class gets: the proportional share floored, then the rows
 * left over go to the classes with the largest remainders, ties broken at random
 * (scikit-learn's `_approximate_mode`).
 */
export function approximateMode(classCounts: readonly number[], nDraws: number, rng: Rng): number[] {
  const total = classCounts.reduce((a, b) => a + b, 0);
  const continuous = classCounts.map((c) => (c / total) * nDraws);
  const floored = continuous.map(Math.floor);
  let needToAdd = nDraws - floored.reduce((a, b) => a + b, 0);
  if (needToAdd > 0) {
    const remainder = continuous.map((c, i) => c - floored[i]!);
    const values = Array.from(new Set(remainder)).sort((a, b) => b - a);
    for (const value of values) {
      const tied = Int32Array.from(remainder.flatMap((r, i) => (r === value ? [i] : [])));
      shuffleInPlace(tied, rng);
      const addNow = Math.min(tied.length, needToAdd);
      for (let k = 0; k < addNow; k++) floored[tied[k]!]! += 1;
      needToAdd -= addNow;
      if (needToAdd === 0) break;
    }
  }
  return floored;
}

/**
 * Stratified random splits (scikit-learn's `StratifiedShuffleSplit`): like ShuffleSplit, but
 * each split keeps the class proportions (scikit-learn's allocation). Seeded with seedrandom;
 * rows differ from numpy's draws.
 */
export class StratifiedShuffleSplit implements Splitter {
  readonly nSplits: number;
  readonly testSize: number | undefined;
  readonly trainSize: number | undefined;
  readonly randomState: number | undefined;

  constructor(options: ShuffleSplitOptions = {}) {
    this.nSplits = checkShuffleSplitOptions(options, 'StratifiedShuffleSplit');
    this.testSize = options.testSize;
    this.trainSize = options.trainSize;
    this.randomState = options.randomState;
  }

  /** Yields `nSplits` stratified random splits; `y` is required. */
  split(X: SplitInput, y?: Labels, _groups?: ArrayLike<number>): Iterable<Fold> {
    const who = 'StratifiedShuffleSplit';
    const n = numSamples(X, who);
    if (!y) throw new ValidationError(`${who}: y is required (the class labels to stratify on)`);
    checkLength(y, n, 'y', who);
    const { nTrain, nTest } = resolveShuffleSizes(n, this.testSize, this.trainSize, who);
    const { codes, counts, classes } = encodeClassesSorted(y, who);
    const minCount = Math.min(...counts);
    if (minCount < 2) {
      throw new ValidationError(
        `${who}: the least populated class in y (label ${classes[counts.indexOf(minCount)]}) has only 1 member, which is too few; every class needs at least 2`,
      );
    }
    if (nTrain < classes.length) throw new ValidationError(`${who}: the train size ${nTrain} should be at least the number of classes ${classes.length}`);
    if (nTest < classes.length) throw new ValidationError(`${who}: the test size ${nTest} should be at least the number of classes ${classes.length}`);
    const rowsOfClass: number[][] = counts.map(() => []);
    for (let i = 0; i < n; i++) rowsOfClass[codes[i]!]!.push(i);
    const rng = makeRng(this.randomState);
    const nSplits = this.nSplits;
    return (function* () {
      for (let s = 0; s < nSplits; s++) {
        const nI = approximateMode(counts, nTrain, rng);
        const tI = approximateMode(
          counts.map((c, k) => c - nI[k]!),
          nTest,
          rng,
        );
        const train: number[] = [];
        const test: number[] = [];
        rowsOfClass.forEach((rows, k) => {
          const p = permutation(rows.length, rng);
          for (let j = 0; j < nI[k]!; j++) train.push(rows[p[j]!]!);
          for (let j = nI[k]!; j < nI[k]! + tI[k]!; j++) test.push(rows[p[j]!]!);
        });
        yield { train: sortedIndices(train), test: sortedIndices(test) };
      }
    })();
  }

  /** The number of splits. */
  getNSplits(): number {
    return this.nSplits;
  }
}
