import { ValidationError } from '../errors.js';
import type { Labels, Matrix } from '../data/matrix.js';
import type { ParamValue } from './estimator.js';

/** Bounds for `checkNumber`. */
export interface NumberRule {
  min?: number;
  max?: number;
  /** When true, `min` itself is rejected (e.g. C > 0). */
  exclusiveMin?: boolean;
  integer?: boolean;
}

/** Returns `v` as a number within the rule, or throws a ValidationError naming estimator and parameter. */
export function checkNumber(est: string, name: string, v: ParamValue | undefined, rule: NumberRule = {}): number {
  const describe = (): string => {
    const parts: string[] = [rule.integer ? 'an integer' : 'a number'];
    if (rule.min !== undefined) parts.push(`${rule.exclusiveMin ? '>' : '>='} ${rule.min}`);
    if (rule.max !== undefined) parts.push(`<= ${rule.max}`);
    return parts.join(' ');
  };
  if (
    typeof v !== 'number' ||
    !Number.isFinite(v) ||
    (rule.integer && !Number.isInteger(v)) ||
    (rule.min !== undefined && (rule.exclusiveMin ? v <= rule.min : v < rule.min)) ||
    (rule.max !== undefined && v > rule.max)
  ) {
    throw new ValidationError(`${est}: parameter '${name}' must be ${describe()}, got ${JSON.stringify(v)}`);
  }
  return v;
}

/** Returns `v` when it is one of `choices`, else a ValidationError listing them. */
export function checkChoice<T extends string>(est: string, name: string, v: ParamValue | undefined, choices: readonly T[]): T {
  if (typeof v !== 'string' || !(choices as readonly string[]).includes(v)) {
    throw new ValidationError(`${est}: parameter '${name}' must be one of ${choices.map((c) => `'${c}'`).join(', ')}, got ${JSON.stringify(v)}`);
  }
  return v as T;
}

/** Returns `v` when boolean, else a ValidationError. */
export function checkBoolean(est: string, name: string, v: ParamValue | undefined): boolean {
  if (typeof v !== 'boolean') throw new ValidationError(`${est}: parameter '${name}' must be true or false, got ${JSON.stringify(v)}`);
  return v;
}

/** An integer seed or null (randomState). */
export function checkSeed(est: string, v: ParamValue | undefined): number | null {
  if (v === null || v === undefined) return null;
  return checkNumber(est, 'randomState', v, { integer: true });
}

/** Checks a training set: at least one row, y as long as X, every value finite. */
export function checkFitData(est: string, X: Matrix, y: Labels): void {
  if (X.rows === 0) throw new ValidationError(`${est}.fit: X has no rows; pass at least one sample`);
  if (y.length !== X.rows) throw new ValidationError(`${est}.fit: X has ${X.rows} rows but y has ${y.length} values; they must match`);
  checkFinite(est, 'fit', X);
  for (let i = 0; i < y.length; i++) {
    if (!Number.isFinite(y[i]!)) throw new ValidationError(`${est}.fit: y[${i}] is ${y[i]}; targets must be finite numbers`);
  }
}

/** Checks that every value of X is finite; names the first bad row and column. */
export function checkFinite(est: string, where: string, X: Matrix): void {
  const d = X.data;
  for (let k = 0; k < d.length; k++) {
    if (!Number.isFinite(d[k]!)) {
      throw new ValidationError(`${est}.${where}: X has ${d[k]} at row ${Math.floor(k / X.cols)}, column ${k % X.cols}; values must be finite`);
    }
  }
}

/** Checks that a fitted estimator receives as many features as it was fitted on. */
export function checkPredictData(est: string, where: string, X: Matrix, nFeatures: number | undefined): number {
  if (nFeatures === undefined) throw new ValidationError(`${est}.${where}: the estimator is not fitted; call fit first`);
  if (X.cols !== nFeatures) throw new ValidationError(`${est}.${where}: X has ${X.cols} features but the estimator was fitted on ${nFeatures}`);
  return nFeatures;
}
