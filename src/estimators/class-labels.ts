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
  const seen = new Set<number>();
  for (let i = 0; i < y.length; i++) {
    const v = y[i]!;
    if (!Number.isFinite(v)) throw new ValidationError(`${est}.fit: label y[${i}] is ${v}; class labels must be finite numbers`);
    seen.add(v);
  }
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
