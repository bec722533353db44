import { createRequire } from 'node:module';
import { ValidationError } from '../errors.js';
import type { Labels } from '../data/matrix.js';
import { foldFromTest, numSamples } from './fold-utils.js';
import type { Fold, SplitInput, Splitter } from './splitter.js';

/** The part of ml-cross-validation 1.3 used here (it ships no types). */
interface MlCrossValidation {
  leavePOut(
    features: number[],
    labels: number[],
    p: number,
    callback: (trainFeatures: number[], trainLabels: number[], testFeatures: number[]) => number[],
  ): unknown;
}

const mlCrossValidation = createRequire(import.meta.url)('ml-cross-validation') as MlCrossValidation;

/** Upper bound on C(n, p) folds that LeavePOut will enumerate. */
const MAX_FOLDS = 1_000_000;

/** C(n, p), or Infinity past MAX_FOLDS. */
function combinations(n: number, p: number): number {
  let c = 1;
  for (let k = 1; k <= p; k++) {
    c = (c * (n - p + k)) / k;
    if (c > MAX_FOLDS) return Infinity;
  }
  return Math.round(c);
}

/**
 * The test sets of leave-p-out over n rows, enumerated by ml-cross-validation's `leavePOut`
 * (its callback form: the "features" are the row indices, so the callback sees each test set),
 * then put in scikit-learn's order (lexicographic, as itertools.combinations).
 */
export function leavePOutTestSets(n: number, p: number): Int32Array[] {
  const rows = Array.from({ length: n }, (_, i) => i);
  const testSets: Int32Array[] = [];
  mlCrossValidation.leavePOut(rows, new Array<number>(n).fill(0), p, (_train, _labels, test) => {
    testSets.push(Int32Array.from(test).sort());
    return new Array<number>(test.length).fill(0);
  });
  testSets.sort((a, b) => {
    for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return a[k]! - b[k]!;
    return 0;
  });
  return testSets;
}

/** Options of `LeavePOut`. */
export interface LeavePOutOptions {
  /** Size of every test set, ≥ 1. */
  p: number;
}

/**
 * Leave-p-out (scikit-learn's `LeavePOut`): every subset of p rows is a test set once, in
 * scikit-learn's (lexicographic) order. Index generation comes from ml-cross-validation;
 * C(n, p) grows fast, so more than 1,000,000 folds is an error.
 */
export class LeavePOut implements Splitter {
  readonly p: number;

  constructor(options: LeavePOutOptions) {
    if (!Number.isInteger(options?.p) || options.p < 1) throw new ValidationError(`LeavePOut: p must be an integer ≥ 1, got ${String(options?.p)}`);
    this.p = options.p;
  }

  /** Yields C(n, p) folds; throws first when n ≤ p or there would be too many. */
  split(X: SplitInput, _y?: Labels, _groups?: ArrayLike<number>): Iterable<Fold> {
    const n = numSamples(X, 'LeavePOut');
    if (n <= this.p) throw new ValidationError(`LeavePOut: p=${this.p} must be smaller than the number of samples n=${n}`);
    if (combinations(n, this.p) > MAX_FOLDS) {
      throw new ValidationError(`LeavePOut: C(${n}, ${this.p}) folds exceed ${MAX_FOLDS}; use KFold or ShuffleSplit instead`);
    }
    const testSets = leavePOutTestSets(n, this.p);
    return (function* () {
      for (const test of testSets) yield foldFromTest(test, n);
    })();
  }

  /** C(n, p) for the rows of X. */
  getNSplits(X?: SplitInput): number {
    if (X === undefined) throw new ValidationError('LeavePOut.getNSplits: X is required');
    const n = numSamples(X, 'LeavePOut');
    return n <= this.p ? 0 : combinations(n, this.p);
  }
}
