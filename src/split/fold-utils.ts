import { ValidationError } from '../errors.js';
import type { Labels } from '../data/matrix.js';
import { smallLabelMax } from '../metrics/targets.js';
import type { Fold, SplitInput } from './splitter.js';

/** Number of samples (rows) of a split input; validates that it is a non-negative integer. */
export function numSamples(X: SplitInput | undefined, who: string): number {
  if (X === undefined || X === null || typeof X !== 'object' || !Number.isInteger(X.rows) || X.rows < 0) {
    throw new ValidationError(`${who}: X must be a Matrix or { rows: n } with a non-negative integer number of rows`);
  }
  return X.rows;
}

/** Checks that `y` / `groups` has one entry per sample. */
export function checkLength(values: ArrayLike<number>, n: number, what: string, who: string): void {
  if (values.length !== n) {
    throw new ValidationError(`${who}: ${what} has ${values.length} entries but X has ${n} rows; pass one per row`);
  }
}

/** Validates a k-fold `nSplits` option (an integer ≥ 2, as scikit-learn's _BaseKFold). */
export function checkNSplits(nSplits: unknown, who: string): number {
  if (typeof nSplits !== 'number' || !Number.isInteger(nSplits)) {
    throw new ValidationError(`${who}: nSplits must be an integer, got ${String(nSplits)}`);
  }
  if (nSplits <= 1) {
    throw new ValidationError(`${who}: k-fold cross-validation needs at least one train/test split; set nSplits=2 or more, got nSplits=${nSplits}`);
  }
  return nSplits;
}

/** Validates a shuffle/randomState pair as scikit-learn does (a seed without shuffle is an error). */
export function checkShuffle(shuffle: unknown, randomState: unknown, who: string): void {
  if (typeof shuffle !== 'boolean') throw new ValidationError(`${who}: shuffle must be true or false, got ${String(shuffle)}`);
  if (!shuffle && randomState !== undefined) {
    throw new ValidationError(
      `${who}: randomState=${String(randomState)} has no effect since shuffle is false; leave randomState undefined or set shuffle: true`,
    );
  }
  if (randomState !== undefined && (typeof randomState !== 'number' || !Number.isInteger(randomState))) {
    throw new ValidationError(`${who}: randomState must be an integer, got ${String(randomState)}`);
  }
}

/** Fails when there are fewer samples than folds (scikit-learn's message, naming both numbers). */
export function checkEnoughSamples(nSplits: number, n: number, who: string): void {
  if (nSplits > n) {
    throw new ValidationError(`${who}: cannot have nSplits=${nSplits} greater than the number of samples: n=${n}; lower nSplits`);
  }
}

/**
 * The fold whose test rows are those with `foldOf[i] === f`; train is every other row
 * (rows with foldOf -1 or another fold). Both ascending, as scikit-learn returns them.
 */
export function foldFromAssignment(foldOf: Int32Array, f: number, excludeFromTrain = -2): Fold {
  let nTest = 0;
  let nTrain = 0;
  for (let i = 0; i < foldOf.length; i++) {
    if (foldOf[i] === f) nTest++;
    else if (foldOf[i] !== excludeFromTrain) nTrain++;
  }
  const test = new Int32Array(nTest);
  const train = new Int32Array(nTrain);
  let a = 0;
  let b = 0;
  for (let i = 0; i < foldOf.length; i++) {
    if (foldOf[i] === f) test[a++] = i;
    else if (foldOf[i] !== excludeFromTrain) train[b++] = i;
  }
  return { train, test };
}

/**
 * Every fold f < nSplits of `foldOf` (rows with foldOf = f test, the others train, both ascending), in two passes
 * over it for all folds: foldFromAssignment per fold read it twice per fold (airline's 3 folds: 6 passes over 563,000).
 */
export function foldsOfAssignment(foldOf: Int32Array, nSplits: number): Fold[] {
  // exactly foldFromAssignment(foldOf, f) for each f: train is every row not in fold f (rows marked −2 in none)
  const nTest = new Int32Array(nSplits);
  let excluded = 0;
  for (let i = 0; i < foldOf.length; i++) {
    const g = foldOf[i]!;
    if (g >= 0 && g < nSplits) nTest[g]! += 1;
    else if (g === -2) excluded++;
  }
  const n = foldOf.length - excluded;
  const folds = Array.from({ length: nSplits }, (_, f) => ({ test: new Int32Array(nTest[f]!), train: new Int32Array(n - nTest[f]!) }));
  const a = new Int32Array(nSplits);
  const b = new Int32Array(nSplits);
  for (let i = 0; i < foldOf.length; i++) {
    const g = foldOf[i]!;
    if (g === -2) continue;
    for (let f = 0; f < nSplits; f++) {
      if (f === g) folds[f]!.test[a[f]!++] = i;
      else folds[f]!.train[b[f]!++] = i;
    }
  }
  return folds;
}

/** The fold testing on `test` (any order) and training on every other of `n` rows; both ascending. */
export function foldFromTest(test: ArrayLike<number>, n: number): Fold {
  const mark = new Uint8Array(n);
  for (let k = 0; k < test.length; k++) mark[test[k]!] = 1;
  const t = new Int32Array(test.length);
  const tr = new Int32Array(n - test.length);
  let a = 0;
  let b = 0;
  for (let i = 0; i < n; i++) {
    if (mark[i]) t[a++] = i;
    else tr[b++] = i;
  }
  return { train: tr, test: t };
}

/** `values` copied into an ascending Int32Array. */
export function sortedIndices(values: ArrayLike<number>): Int32Array {
  return Int32Array.from(values).sort();
}

/**
 * Class labels encoded 0..k-1 in order of first appearance (scikit-learn's StratifiedKFold
 * encoding), with counts. Throws unless y is a classification target (finite integers).
 */
export function encodeClassesByAppearance(y: Labels, who: string): { codes: Int32Array; counts: number[]; classes: number[] } {
  checkClassificationTarget(y, who);
  const codes = new Int32Array(y.length);
  const counts: number[] = [];
  const classes: number[] = [];
  // small labels (the usual case) through a table instead of a Map lookup per row
  const max = smallLabelMax(y);
  if (max >= 0) {
    const table = new Int32Array(max + 1).fill(-1);
    for (let i = 0; i < y.length; i++) {
      const v = y[i]!;
      let c = table[v]!;
      if (c < 0) {
        c = table[v] = counts.length;
        counts.push(0);
        classes.push(v);
      }
      codes[i] = c;
      counts[c]! += 1;
    }
    return { codes, counts, classes };
  }
  const codeOf = new Map<number, number>();
  for (let i = 0; i < y.length; i++) {
    const v = y[i]!;
    let c = codeOf.get(v);
    if (c === undefined) {
      c = counts.length;
      codeOf.set(v, c);
      counts.push(0);
      classes.push(v);
    }
    codes[i] = c;
    counts[c]! += 1;
  }
  return { codes, counts, classes };
}

/** Class labels encoded 0..k-1 in ascending label order (np.unique's encoding), with counts. */
export function encodeClassesSorted(y: Labels, who: string): { codes: Int32Array; counts: number[]; classes: number[] } {
  checkClassificationTarget(y, who);
  const classes = Array.from(new Set(Array.from(y))).sort((a, b) => a - b);
  const codeOf = new Map(classes.map((c, i) => [c, i] as const));
  const codes = new Int32Array(y.length);
  const counts = new Array<number>(classes.length).fill(0);
  for (let i = 0; i < y.length; i++) {
    const c = codeOf.get(y[i]!)!;
    codes[i] = c;
    counts[c]! += 1;
  }
  return { codes, counts, classes };
}

/** True when y is binary or multiclass in scikit-learn's `type_of_target` sense (finite integer values). */
export function isClassificationTarget(y: ArrayLike<number>): boolean {
  for (let i = 0; i < y.length; i++) {
    const v = y[i]!;
    if (!Number.isFinite(v) || !Number.isInteger(v)) return false;
  }
  return true;
}

function checkClassificationTarget(y: Labels, who: string): void {
  for (let i = 0; i < y.length; i++) {
    const v = y[i]!;
    if (!Number.isFinite(v) || !Number.isInteger(v)) {
      throw new ValidationError(
        `${who}: supported target types are binary and multiclass (integer class labels); y[${i}] = ${v} makes it continuous. Use KFold for regression targets`,
      );
    }
  }
}
