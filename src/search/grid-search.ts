/** GridSearchCV: cross-validates every point of a parameter grid (scikit-learn's GridSearchCV). */
import type { Estimator } from '../estimators/estimator.js';
import { ValidationError } from '../errors.js';
import { ParameterGrid, type GridSpace } from '../params/grid.js';
import { validateSpace } from '../params/validate-space.js';
import { BaseSearchCV, type EvaluateCandidates } from './base-search.js';
import type { SearchOptions } from './types.js';

/** Throws when a space names no parameter at all ({} or [] or [{}]). */
export function checkSpaceNotEmpty(space: object | readonly object[]): void {
  const list = Array.isArray(space) ? space : [space];
  if (list.every((s) => s !== null && typeof s === 'object' && Object.keys(s).length === 0)) {
    throw new ValidationError('the search space is empty: give at least one parameter with a list of values (e.g. { C: [1, 10] })');
  }
}

/**
 * Exhaustive search over `paramGrid` (a record name → values, or a list of them whose
 * candidates may lack some names). Every option of SearchOptions applies.
 */
export class GridSearchCV extends BaseSearchCV {
  constructor(
    estimator: Estimator,
    readonly paramGrid: GridSpace | readonly GridSpace[],
    options: SearchOptions = {},
  ) {
    super(estimator, options);
  }

  protected checkStrategy(): void {
    checkSpaceNotEmpty(this.paramGrid);
    validateSpace(this.paramGrid, this.estimator);
  }

  /** Every grid point, in scikit-learn's order, as one batch. */
  protected async runSearch(evaluate: EvaluateCandidates): Promise<void> {
    await evaluate([...new ParameterGrid(this.paramGrid)]);
  }
}
