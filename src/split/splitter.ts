import type { Labels, Matrix } from '../data/matrix.js';

/** One cross-validation fold: row indices to train on and to test on. */
export interface Fold {
  train: Int32Array;
  test: Int32Array;
}

/** Something that yields the rows of X (and y, groups) a sample can be indexed by. */
export type SplitInput = Matrix | { rows: number };

/**
 * A cross-validation splitter (scikit-learn's `split` / `get_n_splits`).
 * `split` validates its input and throws a ValidationError naming both numbers
 * (e.g. nSplits vs. samples) before yielding anything.
 */
export interface Splitter {
  split(X: SplitInput, y?: Labels, groups?: ArrayLike<number>): Iterable<Fold>;
  getNSplits(X?: SplitInput, y?: Labels, groups?: ArrayLike<number>): number;
}
