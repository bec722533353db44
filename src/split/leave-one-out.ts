import { ValidationError } from '../errors.js';
import type { Labels } from '../data/matrix.js';
import { foldFromTest, numSamples } from './fold-utils.js';
import type { Fold, SplitInput, Splitter } from './splitter.js';

/**
 * Leave-one-out (scikit-learn's `LeaveOneOut`): n folds, each testing one row, in row order.
 * Hand-written and lazy: ml-cross-validation's `leaveOneOut` runs its generator eagerly inside
 * a fit loop (O(n²) work before the first fold); `LeavePOut` is built on it and
 * `LeavePOut({ p: 1 })` yields the same folds.
 */
export class LeaveOneOut implements Splitter {
  /** Yields one fold per row (at least 2 rows). */
  split(X: SplitInput, _y?: Labels, _groups?: ArrayLike<number>): Iterable<Fold> {
    const n = numSamples(X, 'LeaveOneOut');
    if (n <= 1) throw new ValidationError(`LeaveOneOut: cannot perform leave-one-out with n=${n} samples; it needs at least 2`);
    return (function* () {
      for (let i = 0; i < n; i++) yield foldFromTest([i], n);
    })();
  }

  /** The number of rows of X (one fold per row). */
  getNSplits(X?: SplitInput): number {
    if (X === undefined) throw new ValidationError('LeaveOneOut.getNSplits: X is required (one split per row)');
    return numSamples(X, 'LeaveOneOut');
  }
}
