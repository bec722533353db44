import { ValidationError } from '../errors.js';
import { didYouMean } from '../estimators/suggest.js';
import type { Params } from '../estimators/estimator.js';
import { checkSpaceValues } from './check-values.js';
import { isDistribution } from './distributions.js';
import { sortedKeys, type GridSpace } from './grid.js';
import type { SampleSpace } from './sampler.js';

/** What `validateSpace` needs of an estimator: its name and parameters. */
export interface ParamOwner {
  readonly name: string;
  getParams(): Params;
}

/**
 * Checks a grid or sampling space against an estimator before any work: every parameter
 * exists on the estimator (own names only: 'toString' or '__proto__' are not parameters; the
 * error names the estimator and lists its parameters, sorted), every list is non-empty, every
 * value is a list or a distribution, and every value or distribution support is one the
 * parameter accepts (its ParamSpec rules, see check-values.ts).
 */
export function validateSpace(space: GridSpace | SampleSpace | readonly (GridSpace | SampleSpace)[], estimator: ParamOwner): void {
  const spaces = Array.isArray(space) ? space : [space];
  const valid = new Set(Object.keys(estimator.getParams()));
  spaces.forEach((s: GridSpace | SampleSpace, i: number) => {
    const where = Array.isArray(space) ? ` (space ${i})` : '';
    if (s === null || typeof s !== 'object' || Array.isArray(s)) {
      throw new ValidationError(`space${where} must be an object of parameter → values, got ${JSON.stringify(s)}`);
    }
    for (const key of sortedKeys(s)) {
      if (!valid.has(key)) {
        throw new ValidationError(
          `invalid parameter '${key}' for estimator ${estimator.name}${where}${didYouMean(key, valid)}; valid parameters are: ${[...valid].sort().join(', ')}`,
        );
      }
      const v: unknown = s[key];
      if (isDistribution(v)) continue;
      if (!Array.isArray(v)) throw new ValidationError(`parameter '${key}'${where} must be a list of values or a distribution, got ${JSON.stringify(v)}`);
      if (v.length === 0) throw new ValidationError(`parameter '${key}'${where} has an empty list; give at least one value`);
    }
  });
  checkSpaceValues(space, estimator);
}
