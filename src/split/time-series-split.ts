import { ValidationError } from '../errors.js';
import type { Labels } from '../data/matrix.js';
import { checkNSplits, numSamples } from './fold-utils.js';
import type { Fold, SplitInput, Splitter } from './splitter.js';

/** Options of `TimeSeriesSplit`. */
export interface TimeSeriesSplitOptions {
  /** Number of splits, ≥ 2. Default 5. */
  nSplits?: number;
  /** Keep at most this many of the most recent rows in each training set. Default: no limit. */
  maxTrainSize?: number;
  /** Rows per test set. Default floor(n / (nSplits + 1)). */
  testSize?: number;
  /** Rows dropped between the end of each training set and its test set. Default 0. */
  gap?: number;
}

function checkCount(value: number | undefined, name: string, min: number): void {
  if (value !== undefined && (!Number.isInteger(value) || value < min)) {
    throw new ValidationError(`TimeSeriesSplit: ${name} must be an integer ≥ ${min}, got ${String(value)}`);
  }
}

/**
 * Time-ordered splits (scikit-learn's `TimeSeriesSplit`): each test set follows its training
 * set in row order; training sets grow (or slide, with `maxTrainSize`). Rows must already be in
 * time order. Folds equal scikit-learn's exactly.
 */
export class TimeSeriesSplit implements Splitter {
  readonly nSplits: number;
  readonly maxTrainSize: number | undefined;
  readonly testSize: number | undefined;
  readonly gap: number;

  constructor(options: TimeSeriesSplitOptions = {}) {
    this.nSplits = checkNSplits(options.nSplits ?? 5, 'TimeSeriesSplit');
    checkCount(options.maxTrainSize, 'maxTrainSize', 1);
    checkCount(options.testSize, 'testSize', 1);
    checkCount(options.gap, 'gap', 0);
    this.maxTrainSize = options.maxTrainSize;
    this.testSize = options.testSize;
    this.gap = options.gap ?? 0;
  }

  /** Yields `nSplits` folds; throws first when the rows cannot hold them. */
  split(X: SplitInput, _y?: Labels, _groups?: ArrayLike<number>): Iterable<Fold> {
    const n = numSamples(X, 'TimeSeriesSplit');
    const nFolds = this.nSplits + 1;
    const testSize = this.testSize ?? Math.floor(n / nFolds);
    if (nFolds > n) {
      throw new ValidationError(`TimeSeriesSplit: cannot have number of folds=${nFolds} (nSplits + 1) greater than the number of samples=${n}; lower nSplits`);
    }
    if (n - this.gap - testSize * this.nSplits <= 0) {
      throw new ValidationError(
        `TimeSeriesSplit: too many splits=${this.nSplits} for number of samples=${n} with testSize=${testSize} and gap=${this.gap}; lower nSplits, testSize or gap`,
      );
    }
    const { nSplits, gap, maxTrainSize } = this;
    return (function* () {
      for (let testStart = n - nSplits * testSize; testStart < n; testStart += testSize) {
        const trainEnd = testStart - gap;
        const trainStart = maxTrainSize !== undefined && maxTrainSize < trainEnd ? trainEnd - maxTrainSize : 0;
        yield { train: range(trainStart, trainEnd), test: range(testStart, Math.min(testStart + testSize, n)) };
      }
    })();
  }

  /** The number of splits. */
  getNSplits(): number {
    return this.nSplits;
  }
}

function range(start: number, stop: number): Int32Array {
  const out = new Int32Array(Math.max(0, stop - start));
  for (let i = 0; i < out.length; i++) out[i] = start + i;
  return out;
}
