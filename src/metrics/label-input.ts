/**
 * Class labels as the classification metrics accept them: numeric arrays as before, or arrays of
 * strings / booleans (class names, as scikit-learn's metrics take). Named labels are encoded
 * here, once per call, over the sorted union of yTrue and yPred (numpy's order), and `posLabel`
 * / `labels` options naming them are mapped to the same indices.
 */
import type { Labels } from '../data/matrix.js';
import { encodeTarget, type ClassLabel } from '../estimators/class-labels.js';
import { ValidationError } from '../errors.js';

/** What a classification metric takes as yTrue / yPred: numbers, or class names (strings, booleans). */
export type MetricLabels = Labels | readonly ClassLabel[];

/** yTrue and yPred as numbers, with the class names they stand for when they were names. */
export interface LabelPair {
  yTrue: Labels;
  yPred: Labels;
  /** Sorted class names (indices of yTrue / yPred point into it); undefined for numeric input. */
  names: readonly ClassLabel[] | undefined;
}

function isNumeric(y: MetricLabels): boolean {
  if (y instanceof Float64Array || y instanceof Int32Array) return true;
  return Array.isArray(y) && (y as readonly unknown[]).every((v) => typeof v === 'number');
}

/** Encodes a yTrue / yPred pair of class names over their sorted union; numeric input passes through. */
export function labelPair(fn: string, yTrue: MetricLabels, yPred: MetricLabels): LabelPair {
  if (isNumeric(yTrue) && isNumeric(yPred)) {
    const num = (y: MetricLabels): Labels => (Array.isArray(y) ? Float64Array.from(y as number[]) : (y as Labels));
    return { yTrue: num(yTrue), yPred: num(yPred), names: undefined };
  }
  if (!Array.isArray(yTrue) || !Array.isArray(yPred)) {
    throw new ValidationError(`${fn}: yTrue and yPred must both hold class names (arrays of strings) or both numbers`);
  }
  const both = encodeTarget(fn, [...(yTrue as readonly ClassLabel[]), ...(yPred as readonly ClassLabel[])], 'classifier');
  const names = both.labels ?? [];
  return { yTrue: both.y.subarray(0, yTrue.length), yPred: both.y.subarray(yTrue.length), names };
}

/** The index of a named label (`posLabel`, an entry of `labels`) among the class names; an error naming it otherwise. */
export function labelIndex(fn: string, option: string, names: readonly ClassLabel[] | undefined, label: ClassLabel): number {
  if (names === undefined) {
    if (typeof label !== 'number') {
      throw new ValidationError(
        `${fn}: ${option}=${JSON.stringify(label)} names a class, but the labels are numbers; give the numeric label (in a search on string labels, scorers see each class as its index in search.classes)`,
      );
    }
    return label;
  }
  const i = names.indexOf(label);
  if (i < 0)
    throw new ValidationError(
      `${fn}: ${option}=${JSON.stringify(label)} is not a valid label; it should be one of ${names.map((n) => JSON.stringify(n)).join(', ')}`,
    );
  return i;
}
