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

/** A score-based metric's yTrue as numbers, with `posLabel` / `labels` mapped to the same indices. */
export interface NamedTarget {
  yTrue: Labels;
  posLabel: number | undefined;
  labels: Float64Array | undefined;
  /** Sorted class names the indices point into; undefined for numeric input. */
  names: readonly ClassLabel[] | undefined;
}

/**
 * yTrue of a ranking metric (rocAucScore, averagePrecisionScore, logLoss, the curves) given as
 * class names: encoded as indices into the sorted names of yTrue and `labels` (numpy's order,
 * so the greater class stays the positive one), with a named `posLabel` and named `labels`
 * mapped alike. `requirePosLabel`: names without a posLabel are an error (scikit-learn's
 * `_check_pos_label_consistency`). Numeric input passes through (a name there is an error).
 */
export function namedTarget(
  fn: string,
  yTrue: MetricLabels,
  options: { posLabel?: ClassLabel; labels?: ArrayLike<number> | readonly ClassLabel[]; requirePosLabel?: boolean } = {},
): NamedTarget {
  const labelList = options.labels === undefined ? undefined : Array.from(options.labels as ArrayLike<ClassLabel>);
  if (isNumeric(yTrue)) {
    const posLabel = options.posLabel === undefined ? undefined : labelIndex(fn, 'posLabel', undefined, options.posLabel);
    const labels = labelList?.map((l) => labelIndex(fn, 'labels', undefined, l));
    return {
      yTrue: Array.isArray(yTrue) ? Float64Array.from(yTrue as number[]) : (yTrue as Labels),
      posLabel,
      labels: labels && Float64Array.from(labels),
      names: undefined,
    };
  }
  if (!Array.isArray(yTrue)) throw new ValidationError(`${fn}: yTrue must be a Float64Array, an Int32Array or an array of labels`);
  const given = yTrue as readonly ClassLabel[];
  if (labelList) {
    const known = new Set(labelList);
    const missing = [...new Set(given.filter((v) => !known.has(v)))];
    if (missing.length > 0) {
      throw new ValidationError(
        `${fn}: yTrue contains ${missing.map((v) => JSON.stringify(v)).join(', ')}, not in 'labels' (${labelList.map((v) => JSON.stringify(v)).join(', ')}); list every class of yTrue in 'labels'`,
      );
    }
  }
  const both = encodeTarget(fn, [...given, ...(labelList ?? [])], 'classifier');
  const names = both.labels ?? [];
  if (options.requirePosLabel && options.posLabel === undefined) {
    throw new ValidationError(
      `${fn}: yTrue takes the values ${names.map((v) => JSON.stringify(v)).join(', ')} and posLabel is not given; pass posLabel (the positive class), as scikit-learn requires for labels other than {0, 1} or {-1, 1}`,
    );
  }
  const index = (l: ClassLabel): number => labelIndex(fn, 'labels', names, l);
  return {
    yTrue: both.y.subarray(0, given.length),
    posLabel: options.posLabel === undefined ? undefined : labelIndex(fn, 'posLabel', names, options.posLabel),
    labels: labelList && Float64Array.from(labelList, index),
    names,
  };
}
