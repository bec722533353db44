import { ValidationError } from '../errors.js';
import type { Labels } from '../data/matrix.js';

/** Sorted distinct classes of `y` and each row's index into them (what every classifier adapter fits on). */
export interface EncodedClasses {
  /** Distinct labels, ascending (scikit-learn's `classes_`). */
  classes: Float64Array;
  /** For each row, the index of its label in `classes`. */
  codes: Int32Array;
  /** Rows per class, in `classes` order. */
  counts: Int32Array;
}

/** Encodes class labels as indices into their sorted distinct values; labels must be finite numbers. */
export function encodeClasses(est: string, y: Labels): EncodedClasses {
  let max = -1;
  let small = true;
  for (let i = 0; i < y.length; i++) {
    const v = y[i]!;
    if (!Number.isFinite(v)) throw new ValidationError(`${est}.fit: label y[${i}] is ${v}; class labels must be finite numbers`);
    if (!small) continue;
    if (v < 0 || v > SMALL_LABEL_MAX || !Number.isInteger(v) || Object.is(v, -0)) small = false;
    else if (v > max) max = v;
  }
  return small ? encodeSmallClasses(y, max) : encodeAnyClasses(y);
}

/** Labels up to this value (non-negative integers: encoded targets, digits' 0–9) are counted by value, without a Set or Map. */
const SMALL_LABEL_MAX = 4096;

/** encodeClasses for non-negative integer labels ≤ `max` (every fit of a classifier encodes its fold: this path allocates only typed arrays). */
function encodeSmallClasses(y: Labels, max: number): EncodedClasses {
  const index = new Int32Array(max + 1);
  for (let i = 0; i < y.length; i++) index[y[i]!]!++;
  let k = 0;
  for (let v = 0; v <= max; v++) if (index[v]! > 0) k++;
  const classes = new Float64Array(k);
  const counts = new Int32Array(k);
  k = 0;
  for (let v = 0; v <= max; v++) {
    if (index[v] === 0) continue;
    classes[k] = v;
    counts[k] = index[v]!;
    index[v] = k++;
  }
  const codes = new Int32Array(y.length);
  for (let i = 0; i < y.length; i++) codes[i] = index[y[i]!]!;
  return { classes, codes, counts };
}

function encodeAnyClasses(y: Labels): EncodedClasses {
  const seen = new Set<number>();
  for (let i = 0; i < y.length; i++) seen.add(y[i]!);
  const classes = Float64Array.from(seen).sort();
  const index = new Map<number, number>();
  classes.forEach((c, i) => index.set(c, i));
  const codes = new Int32Array(y.length);
  const counts = new Int32Array(classes.length);
  for (let i = 0; i < y.length; i++) {
    const c = index.get(y[i]!)!;
    codes[i] = c;
    counts[c]!++;
  }
  return { classes, codes, counts };
}

/** Maps labels to indices into `classes`; an unseen label is a ValidationError naming it. */
export function codesFor(est: string, classes: Float64Array, y: Labels): Int32Array {
  const index = new Map<number, number>();
  classes.forEach((c, i) => index.set(c, i));
  const out = new Int32Array(y.length);
  for (let i = 0; i < y.length; i++) {
    const c = index.get(y[i]!);
    if (c === undefined) {
      throw new ValidationError(`${est}: label ${y[i]} at row ${i} was not seen in fit; known classes: ${Array.from(classes).join(', ')}`);
    }
    out[i] = c;
  }
  return out;
}

/** Requires at least two classes (what a discriminative classifier needs). */
export function requireTwoClasses(est: string, enc: EncodedClasses): void {
  if (enc.classes.length < 2) {
    throw new ValidationError(`${est}.fit: y has a single class (${enc.classes[0]}); a classifier needs at least two classes`);
  }
}

/** Maps class indices back to labels. */
export function decodeClasses(classes: Float64Array, codes: ArrayLike<number>): Float64Array {
  const out = new Float64Array(codes.length);
  for (let i = 0; i < codes.length; i++) out[i] = classes[codes[i]!]!;
  return out;
}

/** A class label as given by the user: a number, a string or a boolean (scikit-learn accepts any of these). */
export type ClassLabel = number | string | boolean;

/** A target as given by the user: numeric labels or values, or (classifiers) an array of string / boolean labels. */
export type TargetInput<L extends ClassLabel = ClassLabel> = Labels | readonly L[];

/** A target at the boundary: numeric labels the estimators fit on, and the original classes. */
export interface EncodedTarget {
  /** What the estimators see: the target itself when numeric, else each row's class index (0 … k − 1). */
  y: Labels;
  /**
   * Sorted distinct original labels when y held strings or booleans (`y` then holds indices into
   * it); undefined when y was numeric (it is used as is).
   */
  labels: readonly ClassLabel[] | undefined;
}

function compareLabels(a: ClassLabel, b: ClassLabel): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * Encodes a target at the one boundary where users hand it in (a search, crossValidate): numeric
 * input passes through; string or boolean labels (classifiers only) become indices into their
 * sorted distinct values — numpy's order (strings by code point, false before true), so the
 * encoding keeps scikit-learn's class order and `posLabel` default. Mixed kinds are an error.
 */
export function encodeTarget(where: string, y: TargetInput, kind: 'classifier' | 'regressor' | 'transformer'): EncodedTarget {
  if (y instanceof Float64Array || y instanceof Int32Array) return { y, labels: undefined };
  if (!Array.isArray(y)) throw new ValidationError(`${where}: y must be a Float64Array, an Int32Array or an array of labels`);
  const list = y as readonly unknown[];
  let kindOf: string | undefined;
  for (let i = 0; i < list.length; i++) {
    const t = typeof list[i];
    if (t !== 'number' && t !== 'string' && t !== 'boolean') {
      throw new ValidationError(`${where}: y[${i}] is ${JSON.stringify(list[i]) ?? String(list[i])}; labels must be numbers, strings or booleans`);
    }
    if (kindOf === undefined) kindOf = t;
    else if (t !== kindOf) {
      throw new ValidationError(
        `${where}: y mixes label types (y[0] is a ${kindOf}, y[${i}] is a ${t}); use one type for every label, as scikit-learn requires`,
      );
    }
  }
  if (kindOf === undefined || kindOf === 'number') return { y: Float64Array.from(list as number[]), labels: undefined };
  if (kind !== 'classifier') {
    throw new ValidationError(
      `${where}: y holds ${kindOf}s, but the estimator is a ${kind}; only a classifier takes ${kindOf} labels (give numbers for regression)`,
    );
  }
  const labels = [...new Set(list as ClassLabel[])].sort(compareLabels);
  const index = new Map<ClassLabel, number>();
  labels.forEach((l, i) => index.set(l, i));
  const codes = new Float64Array(list.length);
  for (let i = 0; i < list.length; i++) codes[i] = index.get(list[i] as ClassLabel)!;
  return { y: codes, labels };
}

/** Maps class indices predicted on an encoded target back to the original labels. */
export function decodeTarget(labels: readonly ClassLabel[], codes: ArrayLike<number>): ClassLabel[] {
  const out = new Array<ClassLabel>(codes.length);
  for (let i = 0; i < codes.length; i++) out[i] = labels[codes[i]!]!;
  return out;
}

/** Encodes labels against known original classes (a test target, a posLabel); an unseen label is an error naming it. */
export function encodeWith(where: string, labels: readonly ClassLabel[], y: readonly ClassLabel[]): Float64Array {
  const index = new Map<ClassLabel, number>();
  labels.forEach((l, i) => index.set(l, i));
  const out = new Float64Array(y.length);
  for (let i = 0; i < y.length; i++) {
    const c = index.get(y[i]!);
    if (c === undefined)
      throw new ValidationError(
        `${where}: label ${JSON.stringify(y[i])} at row ${i} is not one of the classes seen in fit: ${labels.map((l) => JSON.stringify(l)).join(', ')}`,
      );
    out[i] = c;
  }
  return out;
}
