/** Checks a search's X, y and groups before any job is built (each failure a ValidationError). */
import { toLabels, toMatrix, type Labels, type Matrix } from '../data/matrix.js';
import type { EstimatorKind } from '../estimators/estimator.js';
import { ValidationError } from '../errors.js';

/** X as a Matrix or rows of numbers (converted here, at the edge). */
export type XInput = Matrix | readonly (readonly number[])[];
/** y as Labels or a plain number array. */
export type YInput = Labels | readonly number[];

function isMatrix(X: unknown): X is Matrix {
  const m = X as Partial<Matrix> | null;
  return !!m && m.data instanceof Float64Array && typeof m.rows === 'number' && typeof m.cols === 'number';
}

/**
 * Throws a ValidationError at the first value of rows `X` that is not a number (a string
 * such as '1.5', null, a boolean): never coerced silently.
 */
function checkNumericRows(X: readonly (readonly unknown[])[]): void {
  for (let i = 0; i < X.length; i++) {
    const row = X[i];
    if (ArrayBuffer.isView(row)) continue; // a typed-array row holds numbers
    if (!Array.isArray(row)) throw new ValidationError(`X row ${i} is ${JSON.stringify(row) ?? String(row)}, not an array of numbers`);
    for (let j = 0; j < row.length; j++) {
      const v: unknown = row[j];
      if (typeof v !== 'number') {
        const what = typeof v === 'string' ? `the string ${JSON.stringify(v)}` : (JSON.stringify(v) ?? String(v));
        throw new ValidationError(
          `X has ${what} at row ${i}, column ${j}; X must hold numbers (hyperfold never coerces strings): convert with Number() or fix the data`,
        );
      }
    }
  }
}

/** Converts X to a Matrix (a `number[][]` is checked and copied; a Matrix is used as is). */
export function asMatrix(X: XInput): Matrix {
  if (isMatrix(X)) return X;
  if (Array.isArray(X)) {
    checkNumericRows(X as readonly (readonly unknown[])[]);
    return toMatrix(X);
  }
  throw new ValidationError('X must be a Matrix ({ data: Float64Array, rows, cols }) or an array of rows of numbers');
}

/** Converts y to Labels (a plain array becomes a Float64Array). */
export function asLabels(y: YInput): Labels {
  if (y instanceof Float64Array || y instanceof Int32Array) return y;
  if (Array.isArray(y)) {
    y.forEach((v, i) => {
      if (typeof v !== 'number') throw new ValidationError(`y[${i}] is ${JSON.stringify(v)}; y must hold numbers (encode class names as integers)`);
    });
    return toLabels(y);
  }
  throw new ValidationError('y must be a Float64Array, an Int32Array or an array of numbers');
}

/**
 * True when every value is finite: x × 0 is 0 for a finite x and NaN for NaN or ±Infinity, so the
 * sums stay 0 exactly when all are (no overflow possible). Two sums, no branch per value: ~13 ms
 * for airline's 6.2 M values against ~23 ms for a Number.isFinite test of each.
 */
function allFinite(a: Float64Array): boolean {
  let s0 = 0;
  let s1 = 0;
  const n = a.length;
  let k = 0;
  for (; k + 1 < n; k += 2) {
    s0 += a[k]! * 0;
    s1 += a[k + 1]! * 0;
  }
  if (k < n) s0 += a[k]! * 0;
  return s0 + s1 === 0;
}

/** Throws the ValidationError for X's non-finite values: how many, and the first one's row and column. */
function reportNonFinite(X: Matrix): never {
  let bad = 0;
  let first = -1;
  for (let k = 0; k < X.data.length; k++) {
    if (!Number.isFinite(X.data[k]!)) {
      if (first < 0) first = k;
      bad++;
    }
  }
  const r = Math.floor(first / X.cols);
  const c = first % X.cols;
  throw new ValidationError(
    `X contains ${bad} non-finite value${bad > 1 ? 's' : ''} (NaN or ±Infinity); the first is ${X.data[first]} at row ${r}, column ${c}. ` +
      'Impute or drop them before searching.',
  );
}

/**
 * Checks shapes and values: X and y (and groups) lengths agree, X has no NaN or ±Infinity
 * (reports the first row and column and the count), y is finite, and a classifier's y
 * holds integer class ids, at least two of them.
 */
export function checkXy(X: Matrix, y: Labels, kind: EstimatorKind, groups?: ArrayLike<number>): void {
  if (X.rows === 0) throw new ValidationError('X has no rows; a search needs samples');
  if (X.rows !== y.length) {
    throw new ValidationError(`X has ${X.rows} rows but y has ${y.length} values; give one target per row`);
  }
  if (groups !== undefined && groups.length !== X.rows) {
    throw new ValidationError(`groups has ${groups.length} values but X has ${X.rows} rows; give one group label per row`);
  }
  if (!allFinite(X.data)) reportNonFinite(X);
  for (let i = 0; i < y.length; i++) {
    if (!Number.isFinite(y[i]!)) throw new ValidationError(`y[${i}] is ${y[i]}; targets must be finite numbers`);
  }
  if (kind === 'classifier') {
    for (let i = 0; i < y.length; i++) {
      if (!Number.isInteger(y[i]!)) {
        throw new ValidationError(
          `y[${i}] is ${y[i]}, not an integer: a classifier's labels are class ids (0, 1, 2 …); round or encode them, or search over a regressor for a continuous target`,
        );
      }
    }
    const classes = new Set<number>();
    for (let i = 0; i < y.length && classes.size < 2; i++) classes.add(y[i]!);
    if (classes.size < 2) {
      throw new ValidationError(`y has a single class (${y[0]}); a classifier needs at least two classes in y`);
    }
  }
}
