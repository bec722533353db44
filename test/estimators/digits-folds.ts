import { loadDigits } from '../../src/data/bundled.js';
import { takeLabels, takeRows, type Labels, type Matrix } from '../../src/data/matrix.js';

/**
 * scikit-learn 1.2.1's unshuffled StratifiedKFold(3) on digits, as the fold of each
 * row in run-length form `fold x count` (generated with
 * `f[test] = k for k, (_, test) in enumerate(StratifiedKFold(3).split(X, y))`).
 * Kept here so parity tests do not depend on our own splitter.
 */
const DIGITS_SKF3_RUNS =
  '0x588,1x1,0x1,1x2,0x1,1x3,0x3,1x4,0x2,1x3,0x1,1x4,0x1,1x2,0x1,1x9,0x1,1x558,2x1,1x4,2x1,1x1,2x1,1x1,2x4,1x3,2x1,1x1,2x4,1x1,2x7,1x1,2x5,1x1,2x575';

/** One materialised fold of digits. */
export interface DigitsFold {
  Xtrain: Matrix;
  ytrain: Labels;
  Xtest: Matrix;
  ytest: Labels;
  /** The fold's row indices into digits. */
  train: Int32Array;
  test: Int32Array;
}

/** The three folds of scikit-learn's unshuffled StratifiedKFold(3) on digits. */
export async function digitsFolds(): Promise<DigitsFold[]> {
  const { X, y } = await loadDigits();
  const fold: number[] = [];
  for (const run of DIGITS_SKF3_RUNS.split(',')) {
    const [f, n] = run.split('x').map(Number) as [number, number];
    for (let i = 0; i < n; i++) fold.push(f);
  }
  if (fold.length !== X.rows) throw new Error(`fold table has ${fold.length} rows, digits has ${X.rows}`);
  return [0, 1, 2].map((k) => {
    const train = fold.flatMap((f, i) => (f === k ? [] : [i]));
    const test = fold.flatMap((f, i) => (f === k ? [i] : []));
    return {
      Xtrain: takeRows(X, train),
      ytrain: takeLabels(y, train),
      Xtest: takeRows(X, test),
      ytest: takeLabels(y, test),
      train: Int32Array.from(train),
      test: Int32Array.from(test),
    };
  });
}

/** Number of rows where `pred` equals `truth`. */
export function correct(truth: Labels, pred: Labels): number {
  let n = 0;
  for (let i = 0; i < truth.length; i++) if (truth[i] === pred[i]) n++;
  return n;
}

/** The first rows of digits whose class is in `classes` (small, fast subsets). */
export async function digitsSubset(classes: number[], rows: number): Promise<{ X: Matrix; y: Labels }> {
  const { X, y } = await loadDigits();
  const idx: number[] = [];
  for (let i = 0; i < y.length && idx.length < rows; i++) if (classes.includes(y[i]!)) idx.push(i);
  return { X: takeRows(X, idx), y: takeLabels(y, idx) };
}
