import { ValidationError } from '../errors.js';
import type { Labels } from '../data/matrix.js';
import { makeRng } from '../params/rng.js';
import { checkEnoughSamples, checkLength, checkNSplits, numSamples } from './fold-utils.js';
import { kfoldSplits } from './kfold.js';
import type { Fold, SplitInput, Splitter } from './splitter.js';
import { foldsFromAssignment, stratifiedTestFolds } from './stratified-kfold.js';

/** Options of `RepeatedKFold` and `RepeatedStratifiedKFold`. */
export interface RepeatedKFoldOptions {
  /** Folds per repetition, ≥ 2. Default 5. */
  nSplits?: number;
  /** Number of repetitions, each with a fresh shuffle. Default 10. */
  nRepeats?: number;
  /** Seed (seedrandom) of the whole sequence of shuffles. */
  randomState?: number;
}

function checkRepeats(options: RepeatedKFoldOptions, who: string): { nSplits: number; nRepeats: number } {
  const nSplits = checkNSplits(options.nSplits ?? 5, who);
  const nRepeats = options.nRepeats ?? 10;
  if (!Number.isInteger(nRepeats) || nRepeats < 1) throw new ValidationError(`${who}: nRepeats must be an integer ≥ 1, got ${String(nRepeats)}`);
  if (options.randomState !== undefined && !Number.isInteger(options.randomState)) {
    throw new ValidationError(`${who}: randomState must be an integer, got ${String(options.randomState)}`);
  }
  return { nSplits, nRepeats };
}

/**
 * K-fold repeated `nRepeats` times with a different shuffle each time (scikit-learn's
 * `RepeatedKFold`): one seeded stream drives all repetitions, so a seed fixes every fold.
 */
export class RepeatedKFold implements Splitter {
  readonly nSplits: number;
  readonly nRepeats: number;
  readonly randomState: number | undefined;

  constructor(options: RepeatedKFoldOptions = {}) {
    ({ nSplits: this.nSplits, nRepeats: this.nRepeats } = checkRepeats(options, 'RepeatedKFold'));
    this.randomState = options.randomState;
  }

  /** Yields nSplits × nRepeats folds, repetition by repetition. */
  split(X: SplitInput, _y?: Labels, _groups?: ArrayLike<number>): Iterable<Fold> {
    const n = numSamples(X, 'RepeatedKFold');
    checkEnoughSamples(this.nSplits, n, 'RepeatedKFold');
    const rng = makeRng(this.randomState);
    const { nSplits, nRepeats } = this;
    return (function* () {
      for (let r = 0; r < nRepeats; r++) yield* kfoldSplits(n, nSplits, rng);
    })();
  }

  /** nSplits × nRepeats. */
  getNSplits(): number {
    return this.nSplits * this.nRepeats;
  }
}

/**
 * Stratified k-fold repeated `nRepeats` times with a different shuffle each time
 * (scikit-learn's `RepeatedStratifiedKFold`).
 */
export class RepeatedStratifiedKFold implements Splitter {
  readonly nSplits: number;
  readonly nRepeats: number;
  readonly randomState: number | undefined;

  constructor(options: RepeatedKFoldOptions = {}) {
    ({ nSplits: this.nSplits, nRepeats: this.nRepeats } = checkRepeats(options, 'RepeatedStratifiedKFold'));
    this.randomState = options.randomState;
  }

  /** Yields nSplits × nRepeats stratified folds; `y` is required. */
  split(X: SplitInput, y?: Labels, _groups?: ArrayLike<number>): Iterable<Fold> {
    const who = 'RepeatedStratifiedKFold';
    const n = numSamples(X, who);
    if (!y) throw new ValidationError(`${who}: y is required (the class labels to stratify on)`);
    checkLength(y, n, 'y', who);
    checkEnoughSamples(this.nSplits, n, who);
    const rng = makeRng(this.randomState);
    // Validate (and warn) once, before the first fold.
    const first = stratifiedTestFolds(y, this.nSplits, rng, who);
    const { nSplits, nRepeats } = this;
    return (function* () {
      yield* foldsFromAssignment(first, nSplits);
      for (let r = 1; r < nRepeats; r++) {
        yield* foldsFromAssignment(stratifiedTestFolds(y, nSplits, rng, who, false), nSplits);
      }
    })();
  }

  /** nSplits × nRepeats. */
  getNSplits(): number {
    return this.nSplits * this.nRepeats;
  }
}
