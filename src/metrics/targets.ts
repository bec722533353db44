/**
 * Input checks shared by the metric functions: lengths, finiteness, and scikit-learn's
 * `type_of_target` for class labels (binary / multiclass; non-integer values are a
 * continuous target, which classification metrics reject as scikit-learn does).
 */
import type { Labels, Matrix } from '../data/matrix.js';
import { ValidationError } from '../errors.js';

/** What scikit-learn's `type_of_target` calls a 1-D target (multilabel/multioutput not supported here). */
export type TargetType = 'binary' | 'multiclass' | 'continuous';

/** A 1-D array of numbers the metrics accept (labels, predictions or scores). */
export type NumericArray = Float64Array | Int32Array;

/** Throws unless `a` and `b` have the same length (scikit-learn's `check_consistent_length`). */
export function checkSameLength(fn: string, nameA: string, a: { length: number }, nameB: string, b: { length: number }): void {
  if (a.length !== b.length) {
    throw new ValidationError(`${fn}: ${nameA} has ${a.length} values but ${nameB} has ${b.length}; pass one value per sample in both`);
  }
  if (a.length === 0) throw new ValidationError(`${fn}: ${nameA} and ${nameB} are empty; a metric needs at least one sample`);
}

/** Throws on the first NaN or infinite value, naming the array and the row. */
export function checkFinite(fn: string, name: string, a: ArrayLike<number>): void {
  for (let i = 0; i < a.length; i++) {
    if (!Number.isFinite(a[i]!)) throw new ValidationError(`${fn}: ${name}[${i}] is ${a[i]}; values must be finite numbers`);
  }
}

/** Values below which labels are indexed in a table instead of a Set or Map. */
const TABLE_LABELS = 65536;

/**
 * The largest value of `a` (0 when empty) when every value is an integer in [0, 65536), a label a
 * table can index; −1 otherwise. Labels are usually such small non-negative integers.
 */
export function smallLabelMax(a: ArrayLike<number>): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) {
    const v = a[i]!;
    if (!(v >= 0 && v < TABLE_LABELS && (v | 0) === v)) return -1;
    if (v > max) max = v;
  }
  return max;
}

/** Sorted distinct values of all the arrays given (scikit-learn's `unique_labels` / `np.unique`). */
export function uniqueSorted(...arrays: ArrayLike<number>[]): Float64Array {
  // small labels are marked in a table, not added to a Set
  // (airline's 563,000 labels: ~2 ms instead of ~35 ms; a scorer calls this on every fold)
  let max = 0;
  let small = true;
  for (const a of arrays) {
    const m = smallLabelMax(a);
    if (m < 0) {
      small = false;
      break;
    }
    if (m > max) max = m;
  }
  if (small) {
    const seen = new Uint8Array(max + 1);
    for (const a of arrays) for (let i = 0; i < a.length; i++) seen[a[i]!] = 1;
    let k = 0;
    for (let v = 0; v <= max; v++) k += seen[v]!;
    const out = new Float64Array(k);
    for (let v = 0, j = 0; v <= max; v++) if (seen[v] === 1) out[j++] = v;
    return out;
  }
  const seen = new Set<number>();
  for (const a of arrays) for (let i = 0; i < a.length; i++) seen.add(a[i]!);
  return Float64Array.from(seen).sort();
}

/** scikit-learn's `type_of_target` for a 1-D numeric array: 'continuous' if any value is not an integer. */
export function typeOfTarget(y: ArrayLike<number>): TargetType {
  // two scalars instead of a Set: a scorer calls this on every fold of a search
  let a = 0;
  let b = 0;
  let distinct = 0;
  for (let i = 0; i < y.length; i++) {
    const v = y[i]!;
    if (!Number.isInteger(v)) return 'continuous';
    if (distinct === 0) {
      a = v;
      distinct = 1;
    } else if (distinct < 3 && v !== a) {
      if (distinct === 1) {
        b = v;
        distinct = 2;
      } else if (v !== b) distinct = 3;
    }
  }
  return distinct <= 2 ? 'binary' : 'multiclass';
}

/** Checks a target holds class labels (finite integers); returns its type. */
export function checkClassLabels(fn: string, name: string, y: Labels): 'binary' | 'multiclass' {
  checkFinite(fn, name, y);
  const t = typeOfTarget(y);
  if (t === 'continuous') {
    let i = 0;
    while (Number.isInteger(y[i]!)) i++;
    throw new ValidationError(
      `${fn}: ${name}[${i}] is ${y[i]}, a non-integer value: ${name} looks like a continuous (regression) target, ` +
        `which classification metrics do not accept (scikit-learn: "continuous is not supported"); pass class labels or use a regression metric`,
    );
  }
  return t;
}

/**
 * scikit-learn's `_check_targets` for labels: both arrays hold class labels of equal
 * length; the pair is 'binary' only when their union has at most two values.
 */
export function checkClassificationTargets(fn: string, yTrue: Labels, yPred: Labels): 'binary' | 'multiclass' {
  checkSameLength(fn, 'yTrue', yTrue, 'yPred', yPred);
  const a = checkClassLabels(fn, 'yTrue', yTrue);
  const b = checkClassLabels(fn, 'yPred', yPred);
  if (a === 'binary' && b === 'binary' && uniqueSorted(yTrue, yPred).length <= 2) return 'binary';
  return 'multiclass';
}

/** Index of each value of `y` in the sorted `labels` (-1 when absent). */
export function encode(y: ArrayLike<number>, labels: Float64Array): Int32Array {
  const index = new Map<number, number>();
  labels.forEach((c, i) => index.set(c, i));
  const out = new Int32Array(y.length);
  for (let i = 0; i < y.length; i++) out[i] = index.get(y[i]!) ?? -1;
  return out;
}

/** Throws unless `X` has one row per sample. */
export function checkRows(fn: string, name: string, X: Matrix, n: number): void {
  if (X.rows !== n) throw new ValidationError(`${fn}: ${name} has ${X.rows} rows but yTrue has ${n} values; pass one row per sample`);
  if (X.data.length !== X.rows * X.cols) {
    throw new ValidationError(`${fn}: ${name} data has ${X.data.length} values but rows × cols = ${X.rows} × ${X.cols}`);
  }
}

/** True when `v` is a Matrix ({data, rows, cols}) rather than a typed array. */
export function isMatrix(v: unknown): v is Matrix {
  return typeof v === 'object' && v !== null && !ArrayBuffer.isView(v) && 'data' in v && 'rows' in v && 'cols' in v;
}

/** Formats labels for messages: [0, 1, 2]. */
export function fmtLabels(labels: ArrayLike<number>): string {
  return `[${Array.from(labels).join(', ')}]`;
}
