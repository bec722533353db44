import { ValidationError } from '../errors.js';

/** A dense row-major matrix of float64 values: element (i, j) is `data[i * cols + j]`. */
export interface Matrix {
  readonly data: Float64Array;
  readonly rows: number;
  readonly cols: number;
}

/** Targets: class labels (integers stored as numbers) or regression values, one per row. */
export type Labels = Float64Array | Int32Array;

/** Wraps an existing row-major buffer as a Matrix; checks the length. */
export function matrix(data: Float64Array, rows: number, cols: number): Matrix {
  if (data.length !== rows * cols) {
    throw new ValidationError(`matrix: data has ${data.length} values but rows × cols = ${rows} × ${cols} = ${rows * cols}`);
  }
  return { data, rows, cols };
}

/** Converts `number[][]` (rows of equal length) into a Matrix. Use at the edges only. */
export function toMatrix(rows: ArrayLike<ArrayLike<number>>): Matrix {
  const n = rows.length;
  const m = n === 0 ? 0 : rows[0]!.length;
  const data = new Float64Array(n * m);
  for (let i = 0; i < n; i++) {
    const r = rows[i]!;
    if (r.length !== m) {
      throw new ValidationError(`toMatrix: row ${i} has ${r.length} values but row 0 has ${m}; every row needs the same number of columns`);
    }
    for (let j = 0; j < m; j++) data[i * m + j] = r[j]!;
  }
  return { data, rows: n, cols: m };
}

/** Converts a Matrix back to `number[][]` (for printing and interop with ml.js libraries). */
export function toArrays(X: Matrix): number[][] {
  const out: number[][] = new Array(X.rows);
  for (let i = 0; i < X.rows; i++) out[i] = Array.from(X.data.subarray(i * X.cols, (i + 1) * X.cols));
  return out;
}

/** Row `i` as a view (no copy). */
export function row(X: Matrix, i: number): Float64Array {
  return X.data.subarray(i * X.cols, (i + 1) * X.cols);
}

/** Column `j` as a new array. */
export function column(X: Matrix, j: number): Float64Array {
  const out = new Float64Array(X.rows);
  for (let i = 0; i < X.rows; i++) out[i] = X.data[i * X.cols + j]!;
  return out;
}

/**
 * The rows named by `indices`, copied into a new Matrix (fold materialisation),
 * or into `into` (at least indices.length × cols values) when given.
 */
export function takeRows(X: Matrix, indices: ArrayLike<number>, into?: Float64Array): Matrix {
  const { cols } = X;
  const out = into ? into.subarray(0, indices.length * cols) : new Float64Array(indices.length * cols);
  copyRows(out, X.data, cols, indices);
  return { data: out, rows: indices.length, cols };
}

/**
 * Row `indices[k]` of `data` into row k of `out`: an element loop (a subarray per row cost more than
 * the copy for narrow rows; scoring 7,000 airline rows: ~5 ms), alone in its function (docs/contributing.md,
 * "Hot code that V8 keeps optimized": ~17 deoptimizations per pool thread before).
 */
function copyRows(out: Float64Array, data: Float64Array, cols: number, indices: ArrayLike<number>): void {
  for (let k = 0; k < indices.length; k++) {
    const from = indices[k]! * cols;
    const to = k * cols;
    for (let j = 0; j < cols; j++) out[to + j] = data[from + j]!;
  }
}

/** The labels named by `indices`, copied into an array of the same type (or into `into`, of that type, when given). */
export function takeLabels<L extends Labels>(y: L, indices: ArrayLike<number>, into?: L): L {
  const out = into ? (into.subarray(0, indices.length) as L) : new (y.constructor as { new (n: number): L })(indices.length);
  for (let k = 0; k < indices.length; k++) out[k] = y[indices[k]!]!;
  return out;
}

/** Converts labels given as any numeric array into a Float64Array (no copy if already one). */
export function toLabels(y: ArrayLike<number>): Labels {
  if (y instanceof Float64Array || y instanceof Int32Array) return y;
  return Float64Array.from(y);
}
