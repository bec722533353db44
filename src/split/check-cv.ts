import { ValidationError } from '../errors.js';
import type { Labels } from '../data/matrix.js';
import { isClassificationTarget, numSamples } from './fold-utils.js';
import { KFold } from './kfold.js';
import type { Fold, SplitInput, Splitter } from './splitter.js';
import { StratifiedKFold } from './stratified-kfold.js';

/** A user-given fold: train and test row indices (any integer array). */
export interface FoldLike {
  train: ArrayLike<number>;
  test: ArrayLike<number>;
}

/** What `cv` may be: a fold count, a splitter, explicit folds, or undefined (5 folds). */
export type CvOption = number | Splitter | readonly FoldLike[] | undefined;

function toIndexArray(values: ArrayLike<number> | undefined, what: string): Int32Array {
  if (values === undefined || values === null || typeof values.length !== 'number') {
    throw new ValidationError(`cv: ${what} must be an array of row indices`);
  }
  if (values.length === 0) throw new ValidationError(`cv: ${what} is empty; every fold needs train and test rows`);
  for (let k = 0; k < values.length; k++) {
    const v = values[k]!;
    if (!Number.isInteger(v) || v < 0) throw new ValidationError(`cv: ${what}[${k}] = ${String(v)} is not a row index (a non-negative integer)`);
  }
  return Int32Array.from(values);
}

/**
 * Explicit folds as a splitter (scikit-learn's `_CVIterableWrapper`): indices are checked when
 * built (integers, non-empty) and against the data's row count when split.
 */
export class FoldListSplitter implements Splitter {
  readonly folds: readonly Fold[];

  constructor(folds: readonly FoldLike[]) {
    if (folds.length === 0) throw new ValidationError('cv: the list of folds is empty; give at least one { train, test } fold');
    this.folds = folds.map((f, i) => {
      if (f === null || typeof f !== 'object') throw new ValidationError(`cv: fold ${i} must be an object { train, test }`);
      return { train: toIndexArray(f.train, `fold ${i} train`), test: toIndexArray(f.test, `fold ${i} test`) };
    });
  }

  /** Yields the given folds after checking every index is below the number of rows. */
  split(X: SplitInput, _y?: Labels, _groups?: ArrayLike<number>): Iterable<Fold> {
    const n = numSamples(X, 'cv');
    this.folds.forEach((f, i) => {
      for (const [what, idx] of [
        ['train', f.train],
        ['test', f.test],
      ] as const) {
        for (let k = 0; k < idx.length; k++) {
          if (idx[k]! >= n) throw new ValidationError(`cv: fold ${i} ${what}[${k}] = ${idx[k]} is out of range for ${n} rows`);
        }
      }
    });
    return this.folds;
  }

  /** The number of given folds. */
  getNSplits(): number {
    return this.folds.length;
  }
}

function isSplitter(cv: object): cv is Splitter {
  const s = cv as Partial<Splitter>;
  return typeof s.split === 'function' && typeof s.getNSplits === 'function';
}

/**
 * Turns a `cv` option into a splitter, as scikit-learn's `check_cv`: undefined → 5 folds; an
 * integer → StratifiedKFold for classifiers whose y is binary/multiclass, else KFold (both
 * unshuffled); a splitter is returned as is; a list of { train, test } folds is wrapped.
 */
export function checkCv(cv: CvOption, kind: 'classifier' | 'regressor' | 'transformer', y?: ArrayLike<number>): Splitter {
  const value: unknown = cv ?? 5;
  if (typeof value === 'number') {
    if (!Number.isInteger(value) || value < 2) {
      throw new ValidationError(`cv: a fold count must be an integer ≥ 2, got ${value}`);
    }
    if (kind === 'classifier' && y !== undefined && isClassificationTarget(y)) return new StratifiedKFold({ nSplits: value });
    return new KFold({ nSplits: value });
  }
  if (Array.isArray(value)) return new FoldListSplitter(value as FoldLike[]);
  if (value !== null && typeof value === 'object' && isSplitter(value)) return value;
  throw new ValidationError(
    `cv: expected a fold count, a splitter (with split and getNSplits) or a list of { train, test } folds, got ${typeof value === 'object' ? JSON.stringify(value) : String(value)}`,
  );
}
