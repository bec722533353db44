/**
 * Declarative rules for hyperparameter values: an estimator's `ParamSpec.accepts` lists
 * the forms a value may take (any one will do), and one validator (`checkParamValue`,
 * `distributionProblem`) reads them for every estimator — so a search rejects a bad value
 * (C ≤ 0, an unknown kernel, a string where a number goes) before any fit is dispatched.
 * Hand-written: JSON-schema validators (ajv: ~120 kB, compiled schemas) would check values
 * but not a distribution's support, and their messages name schema paths, not parameters.
 */
import type { ParamValue } from '../estimators/estimator.js';

/** A number (`integer: true` for whole numbers) within optional bounds: `gt`/`ge` below, `lt`/`le` above. */
export interface NumericRule {
  type: 'number';
  integer?: boolean;
  gt?: number;
  ge?: number;
  lt?: number;
  le?: number;
}

/** One of a list of strings. */
export interface ChoiceRule {
  type: 'choice';
  choices: readonly string[];
}

/** `true` or `false`; `null`; a map `{ key: number ≥ 0 }` (class weights); or any JSON value (not checked). */
export interface SimpleRule {
  type: 'boolean' | 'null' | 'weights' | 'unchecked';
}

/** One accepted form of a parameter value. */
export type ParamRule = NumericRule | ChoiceRule | SimpleRule;

/** Rule builders, so spec tables read as `accepts: [rule.int({ ge: 1 }), rule.null]`. */
export const rule = {
  /** An integer within the bounds. */
  int: (bounds: Omit<NumericRule, 'type' | 'integer'> = {}): NumericRule => ({ type: 'number', integer: true, ...bounds }),
  /** A finite number within the bounds. */
  num: (bounds: Omit<NumericRule, 'type' | 'integer'> = {}): NumericRule => ({ type: 'number', ...bounds }),
  /** One of these strings. */
  oneOf: (...choices: string[]): ChoiceRule => ({ type: 'choice', choices }),
  bool: { type: 'boolean' } as SimpleRule,
  null: { type: 'null' } as SimpleRule,
  /** `{ label: weight ≥ 0 }`. */
  weights: { type: 'weights' } as SimpleRule,
  /** Any JSON value, not checked. */
  unchecked: { type: 'unchecked' } as SimpleRule,
} as const;

function inBounds(x: number, r: NumericRule): boolean {
  return (r.gt === undefined || x > r.gt) && (r.ge === undefined || x >= r.ge) && (r.lt === undefined || x < r.lt) && (r.le === undefined || x <= r.le);
}

/** True when `v` takes the form `r`. */
export function matchesRule(v: ParamValue | undefined, r: ParamRule): boolean {
  switch (r.type) {
    case 'number':
      return typeof v === 'number' && Number.isFinite(v) && (!r.integer || Number.isInteger(v)) && inBounds(v, r);
    case 'choice':
      return typeof v === 'string' && r.choices.includes(v);
    case 'boolean':
      return typeof v === 'boolean';
    case 'null':
      return v === null;
    case 'weights':
      return v !== null && typeof v === 'object' && !Array.isArray(v) && Object.values(v).every((w) => typeof w === 'number' && w >= 0);
    case 'unchecked':
      return true;
  }
}

/** "an integer ≥ 1", "a number > 0 and ≤ 1", "one of 'rbf', 'linear'", "null" … */
export function describeRule(r: ParamRule): string {
  switch (r.type) {
    case 'number': {
      const b: string[] = [];
      if (r.gt !== undefined) b.push(`> ${r.gt}`);
      if (r.ge !== undefined) b.push(`≥ ${r.ge}`);
      if (r.lt !== undefined) b.push(`< ${r.lt}`);
      if (r.le !== undefined) b.push(`≤ ${r.le}`);
      return `${r.integer ? 'an integer' : 'a number'}${b.length ? ' ' + b.join(' and ') : ''}`;
    }
    case 'choice':
      return r.choices.length === 1 ? `'${r.choices[0]}'` : `one of ${r.choices.map((c) => `'${c}'`).join(', ')}`;
    case 'boolean':
      return 'true or false';
    case 'null':
      return 'null';
    case 'weights':
      return 'a map {label: weight ≥ 0}';
    case 'unchecked':
      return 'any value';
  }
}

/** "an integer ≥ 1 or null". */
export function describeRules(rules: readonly ParamRule[]): string {
  const parts = rules.map(describeRule);
  return parts.length <= 1 ? (parts[0] ?? 'nothing') : `${parts.slice(0, -1).join(', ')} or ${parts[parts.length - 1]}`;
}

/** Undefined when `v` takes one of the forms in `rules` (or no rules are declared), else what it must be. */
export function valueProblem(v: ParamValue | undefined, rules: readonly ParamRule[] | undefined): string | undefined {
  if (!rules || rules.length === 0) return undefined;
  return rules.some((r) => matchesRule(v, r)) ? undefined : describeRules(rules);
}

/**
 * Undefined when every value a distribution can draw — the interval [low, high], of
 * integers when `integers` — takes one form of `rules`, else what the values must be.
 * Both ends must fall within one numeric rule (a distribution cannot straddle two forms),
 * and a continuous distribution never satisfies an integer rule.
 */
export function supportProblem(low: number, high: number, integers: boolean, rules: readonly ParamRule[] | undefined): string | undefined {
  if (!rules || rules.length === 0 || rules.some((r) => r.type === 'unchecked')) return undefined;
  const fits = rules.some((r) => r.type === 'number' && (integers || !r.integer) && inBounds(low, r) && inBounds(high, r));
  return fits ? undefined : describeRules(rules);
}
