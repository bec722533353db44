/** GridSearchCV: cross-validates every point of a parameter grid (scikit-learn's GridSearchCV). */
import type { Estimator } from '../estimators/estimator.js';
import { ValidationError } from '../errors.js';
import { ParameterGrid, type GridSpace } from '../params/grid.js';
import { validateSpace } from '../params/validate-space.js';
import { BaseSearchCV, type EvaluateCandidates } from './base-search.js';
import type { GridFor, OptionTypes, RefitOption, ScoringOption, SearchOptions, SearchOptionsFor } from './types.js';

/** Throws when a space names no parameter at all ({} or [] or [{}]). */
export function checkSpaceNotEmpty(space: object | readonly object[]): void {
  const list = Array.isArray(space) ? space : [space];
  if (list.every((s) => s !== null && typeof s === 'object' && Object.keys(s).length === 0)) {
    throw new ValidationError('the search space is empty: give at least one parameter with a list of values (e.g. { C: [1, 10] })');
  }
}

/**
 * Exhaustive search over `paramGrid` (a record name → values, or a list of them whose
 * candidates may lack some names). Every option of SearchOptions applies. The grid is typed
 * from the estimator (`GridFor<E>`): a name it lacks, or a value of the wrong type, fails to
 * compile; the options' scoring and refit type what `await fit` resolves to.
 */
export class GridSearchCV<
  E extends Estimator = Estimator,
  const S extends ScoringOption | undefined = undefined,
  const R extends RefitOption | undefined = undefined,
  const T extends boolean | undefined = undefined,
> extends BaseSearchCV<E, OptionTypes<S, R, T>> {
  readonly paramGrid: GridFor<E> | readonly GridFor<E>[];

  constructor(estimator: E, paramGrid: GridFor<E> | readonly GridFor<E>[], options?: SearchOptionsFor<S, R, T>) {
    super(estimator, (options ?? {}) as SearchOptions);
    this.paramGrid = paramGrid;
  }

  protected checkStrategy(): void {
    checkSpaceNotEmpty(this.paramGrid);
    validateSpace(this.paramGrid as unknown as GridSpace | readonly GridSpace[], this.estimator);
  }

  /** Every grid point, in scikit-learn's order, as one batch. */
  protected async runSearch(evaluate: EvaluateCandidates): Promise<void> {
    await evaluate([...new ParameterGrid(this.paramGrid as unknown as GridSpace | readonly GridSpace[])], { last: true });
  }
}
