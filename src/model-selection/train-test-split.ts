/** `trainTestSplit`: scikit-learn's `train_test_split` for one X and one y. */
import { takeLabels, takeRows, type Labels, type Matrix } from '../data/matrix.js';
import { encodeTarget, type ClassLabel, type TargetInput } from '../estimators/class-labels.js';
import { didYouMean } from '../estimators/suggest.js';
import { ValidationError } from '../errors.js';
import { makeRng, permutation } from '../params/rng.js';
import { asMatrix, type XInput } from '../search/validate-data.js';
import { resolveShuffleSizes } from '../split/shuffle-split.js';
import { StratifiedShuffleSplit } from '../split/stratified-shuffle-split.js';

/** Options of `trainTestSplit` (scikit-learn's, camelCased). */
export interface TrainTestSplitOptions {
  /** A fraction in (0, 1) (test rows = ceil(testSize · n)) or a row count; default the complement of trainSize, else 0.25. */
  testSize?: number;
  /** A fraction in (0, 1) (train rows = floor(trainSize · n)) or a row count; default n − test rows. */
  trainSize?: number;
  /** Seed of the shuffle (seedrandom: the same seed gives the same split on every machine, not numpy's rows). */
  randomState?: number;
  /** Shuffle before splitting (default true); false takes the first rows for train and the next for test. */
  shuffle?: boolean;
  /** true: keep y's class proportions in both parts (scikit-learn's stratify=y); or the labels to stratify on. */
  stratify?: boolean | TargetInput;
}

/** The rows of X as given: a Matrix stays a Matrix, rows of numbers stay rows. */
export type SplitX<X> = X extends Matrix ? Matrix : number[][];
/** The labels of y as given: typed arrays keep their type, arrays their element type. */
export type SplitY<Y> = Y extends Float64Array ? Float64Array : Y extends Int32Array ? Int32Array : Y extends readonly (infer L)[] ? L[] : never;

/** What `trainTestSplit` returns (scikit-learn's four arrays, named). */
export interface TrainTestSplit<X, Y> {
  XTrain: SplitX<X>;
  XTest: SplitX<X>;
  yTrain: SplitY<Y>;
  yTest: SplitY<Y>;
}

const OPTION_NAMES = ['testSize', 'trainSize', 'randomState', 'shuffle', 'stratify'];

function pick<X extends XInput, Y extends TargetInput>(X: X, y: Y, rows: Int32Array): [SplitX<X>, SplitY<Y>] {
  const Xs = Array.isArray(X) ? Array.from(rows, (i) => [...(X as readonly (readonly number[])[])[i]!]) : takeRows(asMatrix(X), rows);
  const ys = Array.isArray(y) ? Array.from(rows, (i) => (y as readonly ClassLabel[])[i]!) : takeLabels(y as Labels, rows);
  return [Xs as SplitX<X>, ys as SplitY<Y>];
}

/**
 * Splits X and y into a train and a test part, with scikit-learn's sizes (test = ceil(testSize · n),
 * train = n − test unless trainSize says otherwise), shuffled with `randomState`, stratified on y
 * with `stratify: true`. Rows keep their form (Matrix or number[][]; typed arrays or label arrays).
 */
export function trainTestSplit<X extends XInput, Y extends TargetInput>(X: X, y: Y, options: TrainTestSplitOptions = {}): TrainTestSplit<X, Y> {
  for (const k of Object.keys(options)) {
    if (!OPTION_NAMES.includes(k)) {
      const hint = didYouMean(k, OPTION_NAMES);
      throw new ValidationError(`trainTestSplit: unknown option '${k}'${hint}; valid options: ${[...OPTION_NAMES].sort().join(', ')}`);
    }
  }
  const Xm = asMatrix(X);
  const n = Xm.rows;
  if (n === 0) throw new ValidationError('trainTestSplit: X has no rows');
  if (y.length !== n) throw new ValidationError(`trainTestSplit: X has ${n} rows but y has ${y.length} values; they must match`);
  const testSize = options.testSize === undefined && options.trainSize === undefined ? 0.25 : options.testSize;
  const { nTrain, nTest } = resolveShuffleSizes(n, testSize, options.trainSize, 'trainTestSplit');
  const shuffle = options.shuffle ?? true;
  const stratify = options.stratify === true ? y : options.stratify === false ? undefined : options.stratify;
  if (options.randomState !== undefined && !Number.isInteger(options.randomState)) {
    throw new ValidationError(`trainTestSplit: randomState must be an integer, got ${String(options.randomState)}`);
  }
  let train: Int32Array;
  let test: Int32Array;
  if (!shuffle) {
    if (stratify !== undefined)
      throw new ValidationError(
        'trainTestSplit: stratified splits need shuffle: true (scikit-learn: "Stratified train/test split is not implemented for shuffle=False")',
      );
    train = Int32Array.from({ length: nTrain }, (_, i) => i);
    test = Int32Array.from({ length: nTest }, (_, i) => nTrain + i);
  } else if (stratify !== undefined) {
    if (stratify.length !== n) throw new ValidationError(`trainTestSplit: stratify has ${stratify.length} labels but X has ${n} rows`);
    const codes = encodeTarget('trainTestSplit (stratify)', stratify, 'classifier').y;
    const fold = [...new StratifiedShuffleSplit({ nSplits: 1, testSize, trainSize: options.trainSize, randomState: options.randomState }).split(Xm, codes)][0]!;
    // scikit-learn returns the rows of each part in a shuffled order
    const rng = makeRng(options.randomState === undefined ? undefined : options.randomState + 1);
    train = permutation(fold.train.length, rng).map((i) => fold.train[i]!);
    test = permutation(fold.test.length, rng).map((i) => fold.test[i]!);
  } else {
    const p = permutation(n, makeRng(options.randomState));
    test = p.slice(0, nTest);
    train = p.slice(nTest, nTest + nTrain);
  }
  const [XTrain, yTrain] = pick(X, y, train);
  const [XTest, yTest] = pick(X, y, test);
  return { XTrain, XTest, yTrain, yTest };
}
