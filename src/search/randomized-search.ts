/** RandomizedSearchCV: cross-validates `nIter` candidates drawn from a space (scikit-learn's RandomizedSearchCV). */
import type { Estimator, Params } from '../estimators/estimator.js';
import { ValidationError } from '../errors.js';
import { ParameterSampler, type SampleSpace } from '../params/sampler.js';
import { validateSpace } from '../params/validate-space.js';
import { BaseSearchCV, type EvaluateCandidates } from './base-search.js';
import { checkSpaceNotEmpty } from './grid-search.js';
import type { OptionTypes, RefitOption, ScoringOption, SearchOptions, SearchOptionsFor, SpaceFor } from './types.js';

/** Options of RandomizedSearchCV: SearchOptions plus `nIter` (default 10). */
export interface RandomizedSearchOptions<C extends object = Params> extends SearchOptions<C> {
  /** Number of candidates drawn (default 10; clipped to the grid size when every value is a list). */
  nIter?: number;
}

/**
 * Random search over `paramDistributions` (lists are sampled uniformly, distributions such as
 * loguniform(1e-3, 1e3) are drawn from). The same randomState gives the same candidates.
 */
export class RandomizedSearchCV<
  E extends Estimator = Estimator,
  const S extends ScoringOption | undefined = undefined,
  const R extends RefitOption | undefined = undefined,
  const T extends boolean | undefined = undefined,
> extends BaseSearchCV<E, OptionTypes<S, R, T>> {
  readonly nIter: number;
  readonly paramDistributions: SpaceFor<E> | readonly SpaceFor<E>[];

  /** `paramDistributions` is typed from the estimator (`SpaceFor<E>`): distributions for numeric parameters, lists for every parameter. */
  constructor(estimator: E, paramDistributions: SpaceFor<E> | readonly SpaceFor<E>[], options?: SearchOptionsFor<S, R, T> & { nIter?: number }) {
    super(estimator, (options ?? {}) as SearchOptions);
    this.paramDistributions = paramDistributions;
    this.nIter = options?.nIter ?? 10;
  }

  protected override extraOptionNames(): readonly string[] {
    return ['nIter'];
  }

  protected checkStrategy(): void {
    if (!Number.isInteger(this.nIter) || this.nIter < 1) {
      throw new ValidationError(`nIter: must be an integer ≥ 1 (the number of candidates to draw), got ${String(this.nIter)}`);
    }
    checkSpaceNotEmpty(this.paramDistributions);
    validateSpace(this.paramDistributions as unknown as SampleSpace | readonly SampleSpace[], this.estimator);
  }

  /** `nIter` candidates drawn with the search seed, as one batch. */
  protected async runSearch(evaluate: EvaluateCandidates, seed: number): Promise<void> {
    await evaluate(
      new ParameterSampler(this.paramDistributions as unknown as SampleSpace | readonly SampleSpace[], this.nIter, { randomState: seed }).candidates(),
      { last: true },
    );
  }
}
