import { ValidationError } from '../errors.js';
import type { Labels } from '../data/matrix.js';
import { foldFromAssignment, numSamples } from './fold-utils.js';
import type { Fold, SplitInput, Splitter } from './splitter.js';

/**
 * Folds given in advance (scikit-learn's `PredefinedSplit`): `testFold[i]` is the fold in
 * which row i is tested, or -1 to keep the row in every training set. One split per distinct
 * fold number, in ascending order.
 */
export class PredefinedSplit implements Splitter {
  readonly testFold: Int32Array;
  private readonly folds: number[];

  constructor(testFold: ArrayLike<number>) {
    if (!testFold || typeof testFold.length !== 'number') throw new ValidationError('PredefinedSplit: testFold must be an array with one fold number per row');
    for (let i = 0; i < testFold.length; i++) {
      const f = testFold[i]!;
      if (!Number.isInteger(f) || f < -1) {
        throw new ValidationError(`PredefinedSplit: testFold[${i}] = ${f}; fold numbers are integers ≥ 0, or -1 for rows never tested`);
      }
    }
    this.testFold = Int32Array.from(testFold);
    this.folds = Array.from(new Set(this.testFold))
      .filter((f) => f !== -1)
      .sort((a, b) => a - b);
  }

  /** Yields one split per fold number; X, when given, must have one row per testFold entry. */
  split(X?: SplitInput, _y?: Labels, _groups?: ArrayLike<number>): Iterable<Fold> {
    if (X !== undefined) {
      const n = numSamples(X, 'PredefinedSplit');
      if (n !== this.testFold.length) {
        throw new ValidationError(`PredefinedSplit: X has ${n} rows but testFold has ${this.testFold.length} entries; pass one per row`);
      }
    }
    const { testFold, folds } = this;
    return (function* () {
      for (const f of folds) yield foldFromAssignment(testFold, f);
    })();
  }

  /** The number of distinct fold numbers (other than -1). */
  getNSplits(): number {
    return this.folds.length;
  }
}
