import { ValidationError } from '../errors.js';
import type { Labels } from '../data/matrix.js';
import { makeRng, shuffleInPlace, type Rng } from '../params/rng.js';
import { checkEnoughSamples, checkLength, checkNSplits, checkShuffle, encodeClassesByAppearance, foldsOfAssignment, numSamples } from './fold-utils.js';
import type { Fold, SplitInput, Splitter } from './splitter.js';

/** Options of `StratifiedKFold`. */
export interface StratifiedKFoldOptions {
  /** Number of folds, ≥ 2. Default 5. */
  nSplits?: number;
  /** Shuffle each class's fold assignment. Default false. */
  shuffle?: boolean;
  /** Seed of the shuffle (seedrandom). Only with `shuffle: true`. */
  randomState?: number;
}

/**
 * The fold (0..nSplits-1) of every row, scikit-learn 1.2's StratifiedKFold algorithm:
 * classes encoded by first appearance; the per-class test sizes come from dealing the
 * class-sorted labels round-robin over the folds; each class's rows then take its fold
 * numbers in blocks (fold 0's share first), shuffled with `rng` when given.
 * `warn: false` skips the small-class warning (repetitions after the first).
 */
export function stratifiedTestFolds(y: Labels, nSplits: number, rng: Rng | undefined, who: string, warn = true): Int32Array {
  const { codes, counts, classes } = encodeClassesByAppearance(y, who);
  const maxCount = Math.max(...counts);
  const minCount = Math.min(...counts);
  if (nSplits > maxCount) {
    throw new ValidationError(
      `${who}: nSplits=${nSplits} cannot be greater than the number of members in each class (largest class has ${maxCount}); lower nSplits`,
    );
  }
  if (warn && nSplits > minCount) {
    const rare = classes[counts.indexOf(minCount)];
    process.emitWarning(`${who}: the least populated class in y (label ${rare}) has only ${minCount} members, which is less than nSplits=${nSplits}.`, {
      type: 'UserWarning',
    });
  }
  // allocation[f][k]: test rows of class k in fold f. Dealing the sorted codes round-robin
  // means fold f receives the positions f, f+nSplits, … of the sorted order.
  const nClasses = counts.length;
  const allocation: number[][] = Array.from({ length: nSplits }, () => new Array<number>(nClasses).fill(0));
  let pos = 0;
  for (let k = 0; k < nClasses; k++) {
    // class k holds sorted positions pos … pos + counts[k] − 1; fold f receives those ≡ f (mod nSplits)
    const end = pos + counts[k]!;
    for (let f = 0; f < nSplits; f++) allocation[f]![k] = Math.floor((end - 1 - f) / nSplits) - Math.floor((pos - 1 - f) / nSplits);
    pos = end;
  }
  const foldOf = new Int32Array(y.length);
  const cursor = new Array<number>(nClasses).fill(0);
  const perClass: Int32Array[] = counts.map((count, k) => {
    const folds = new Int32Array(count);
    let j = 0;
    for (let f = 0; f < nSplits; f++) for (let c = 0; c < allocation[f]![k]!; c++) folds[j++] = f;
    if (rng) shuffleInPlace(folds, rng);
    return folds;
  });
  for (let i = 0; i < y.length; i++) {
    const k = codes[i]!;
    foldOf[i] = perClass[k]![cursor[k]!++]!;
  }
  return foldOf;
}

/** Stratified folds from a fold assignment (shared with RepeatedStratifiedKFold): all folds in two passes over it. */
export function* foldsFromAssignment(foldOf: Int32Array, nSplits: number): Generator<Fold> {
  yield* foldsOfAssignment(foldOf, nSplits);
}

/**
 * Stratified k-fold (scikit-learn's `StratifiedKFold`): each fold keeps the class proportions.
 * Without shuffling the test indices equal scikit-learn 1.2.1's exactly, imbalanced classes
 * included; nSplits above the largest class is an error, above the smallest a warning.
 * Hand-written: no JS library implements scikit-learn's stratified allocation.
 */
export class StratifiedKFold implements Splitter {
  readonly nSplits: number;
  readonly shuffle: boolean;
  readonly randomState: number | undefined;

  constructor(options: StratifiedKFoldOptions = {}) {
    this.nSplits = checkNSplits(options.nSplits ?? 5, 'StratifiedKFold');
    this.shuffle = options.shuffle ?? false;
    this.randomState = options.randomState;
    checkShuffle(this.shuffle, this.randomState, 'StratifiedKFold');
  }

  /** Yields `nSplits` stratified folds; `y` (class labels) is required. */
  split(X: SplitInput, y?: Labels, _groups?: ArrayLike<number>): Iterable<Fold> {
    const n = numSamples(X, 'StratifiedKFold');
    if (!y) throw new ValidationError('StratifiedKFold: y is required (the class labels to stratify on)');
    checkLength(y, n, 'y', 'StratifiedKFold');
    checkEnoughSamples(this.nSplits, n, 'StratifiedKFold');
    const foldOf = stratifiedTestFolds(y, this.nSplits, this.shuffle ? makeRng(this.randomState) : undefined, 'StratifiedKFold');
    return foldsFromAssignment(foldOf, this.nSplits);
  }

  /** The number of folds. */
  getNSplits(): number {
    return this.nSplits;
  }
}
