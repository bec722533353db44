import { ValidationError } from '../errors.js';
import type { Labels } from '../data/matrix.js';
import { checkEnoughSamples, checkLength, checkNSplits, foldsOfAssignment, numSamples } from './fold-utils.js';
import { numpyArgsort } from './numpy-argsort.js';
import type { Fold, SplitInput, Splitter } from './splitter.js';

/** Options of `GroupKFold`. */
export interface GroupKFoldOptions {
  /** Number of folds, ≥ 2 and ≤ the number of distinct groups. Default 5. */
  nSplits?: number;
}

/**
 * K-fold with non-overlapping groups (scikit-learn's `GroupKFold`): a group's rows are all in
 * the same test fold. scikit-learn 1.2.1's greedy assignment: groups from largest to smallest
 * (numpy's argsort order, ties included) each go to the fold with the fewest rows so far.
 * Test indices equal scikit-learn's exactly.
 */
export class GroupKFold implements Splitter {
  readonly nSplits: number;

  constructor(options: GroupKFoldOptions = {}) {
    this.nSplits = checkNSplits(options.nSplits ?? 5, 'GroupKFold');
  }

  /** Yields `nSplits` folds; `groups` (one group label per row) is required. */
  split(X: SplitInput, _y?: Labels, groups?: ArrayLike<number>): Iterable<Fold> {
    const n = numSamples(X, 'GroupKFold');
    if (!groups) throw new ValidationError("GroupKFold: the 'groups' argument is required (one group label per row)");
    checkLength(groups, n, 'groups', 'GroupKFold');
    checkEnoughSamples(this.nSplits, n, 'GroupKFold');
    return foldsOfAssignment(this.assignFolds(groups), this.nSplits);
  }

  /** The fold of every row. */
  private assignFolds(groups: ArrayLike<number>): Int32Array {
    // np.unique(groups, return_inverse=True): groups encoded in ascending label order.
    for (let i = 0; i < groups.length; i++) {
      if (Number.isNaN(groups[i]!)) throw new ValidationError(`GroupKFold: groups[${i}] is NaN; every row needs a group label`);
    }
    const unique = Array.from(new Set(Array.from(groups))).sort((a, b) => a - b);
    if (this.nSplits > unique.length) {
      throw new ValidationError(
        `GroupKFold: cannot have nSplits=${this.nSplits} greater than the number of groups: ${unique.length}; lower nSplits or use more groups`,
      );
    }
    const codeOf = new Map(unique.map((g, i) => [g, i] as const));
    const sizes = new Float64Array(unique.length);
    const codes = new Int32Array(groups.length);
    for (let i = 0; i < groups.length; i++) {
      const c = codeOf.get(groups[i]!)!;
      codes[i] = c;
      sizes[c]! += 1;
    }
    const ascending = numpyArgsort(sizes);
    const foldRows = new Float64Array(this.nSplits);
    const foldOfGroup = new Int32Array(unique.length);
    for (let r = ascending.length - 1; r >= 0; r--) {
      const g = ascending[r]!;
      let lightest = 0; // np.argmin: the first fold with the fewest rows
      for (let f = 1; f < this.nSplits; f++) if (foldRows[f]! < foldRows[lightest]!) lightest = f;
      foldRows[lightest]! += sizes[g]!;
      foldOfGroup[g] = lightest;
    }
    const foldOf = new Int32Array(groups.length);
    for (let i = 0; i < groups.length; i++) foldOf[i] = foldOfGroup[codes[i]!]!;
    return foldOf;
  }

  /** The number of folds. */
  getNSplits(): number {
    return this.nSplits;
  }
}
