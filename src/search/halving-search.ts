/**
 * Successive halving (scikit-learn 1.2's HalvingGridSearchCV / HalvingRandomSearchCV): every
 * candidate is first cross-validated with a small budget of a resource (training rows, or an
 * integer parameter such as nEstimators); the best 1/factor go on to `factor` times the
 * budget, until the schedule ends. The strategy only proposes batches through the shared
 * `evaluate` closure, one batch per iteration, as scikit-learn's `_run_search`.
 */
import type { Estimator, Params } from '../estimators/estimator.js';
import { ValidationError } from '../errors.js';
import { deriveSeed } from '../jobs/job-key.js';
import { ParameterGrid, type GridSpace } from '../params/grid.js';
import { seededPermutation } from '../params/rng.js';
import { ParameterSampler, type SampleSpace } from '../params/sampler.js';
import { validateSpace } from '../params/validate-space.js';
import type { Fold } from '../split/splitter.js';
import { BaseSearchCV, type EvaluateCandidates, type SearchContext } from './base-search.js';
import { checkSpaceNotEmpty } from './grid-search.js';
import {
  halvingSchedule,
  initialMinResources,
  keptAfter,
  resolveMaxResources,
  checkResourceBounds,
  topK,
  type MaxResourcesOption,
  type MinResourcesOption,
} from './halving-schedule.js';
import { pythonFloorDiv } from './halving-log.js';
import { uniqueSorted } from '../metrics/targets.js';
import { numericColumn } from './results.js';
import type { ClassLabel, TargetInput } from '../estimators/class-labels.js';
import type {
  AnyOptionTypes,
  CvResults,
  Fitted,
  HalvingIterationInfo,
  NumericColumn,
  RefitOption,
  SearchCvResults,
  SearchFitOptions,
  SearchOptions,
} from './types.js';
import type { XInput } from './validate-data.js';

/** Options of HalvingGridSearchCV: SearchOptions plus scikit-learn's halving options (camelCase). */
export interface HalvingSearchOptions extends SearchOptions {
  /** Candidates kept per iteration: 1/factor; resources grow by factor (default 3; a number > 1). */
  factor?: number;
  /** 'nSamples' (default: training rows per fold) or the name of an integer parameter of the estimator. */
  resource?: string;
  /** 'auto' (default: the rows of X; needs resource 'nSamples') or the largest budget. */
  maxResources?: MaxResourcesOption;
  /** First-iteration budget: 'exhaust' (grid default), 'smallest' (random default) or a number. */
  minResources?: MinResourcesOption;
  /** Repeat the first budget until the last iteration can keep fewer than factor candidates (default false). */
  aggressiveElimination?: boolean;
  /** Also score the train rows (default true here, as in scikit-learn's halving searches). */
  returnTrainScore?: boolean;
}

/** Options of HalvingRandomSearchCV: HalvingSearchOptions plus `nCandidates`. */
export interface HalvingRandomSearchOptions extends HalvingSearchOptions {
  /** Candidates drawn for the first iteration: 'exhaust' (default: maxResources // minResources) or a number. */
  nCandidates?: 'exhaust' | number;
}

/** Payload of a halving search's 'iteration' event, emitted as each iteration starts. */
export type { HalvingIterationInfo };

/** A halving search's cvResults: the searches' columns plus scikit-learn's `iter` and `n_resources`. */
export type HalvingCvResults = SearchCvResults<Estimator, AnyOptionTypes> & { readonly iter: NumericColumn; readonly n_resources: NumericColumn };

const HALVING_OPTION_NAMES = ['factor', 'resource', 'maxResources', 'minResources', 'aggressiveElimination'] as const;

function isPositiveInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v > 0;
}

/**
 * The shared base of HalvingGridSearchCV and HalvingRandomSearchCV (scikit-learn's
 * `BaseSuccessiveHalving`). After `fit`, scikit-learn's fitted attributes in camelCase;
 * cvResults has one row per candidate per iteration it ran in, with `iter` and `n_resources`.
 */
export abstract class BaseSuccessiveHalving extends BaseSearchCV {
  /** cvResults with `iter` and `n_resources` (one row per candidate per iteration it ran in). */
  declare cvResults?: HalvingCvResults;
  /** Resources of each iteration (`n_resources_`). */
  nResources?: number[];
  /** Candidates of each iteration (`n_candidates_`). */
  nCandidates?: number[];
  /** Candidates the last cut would keep: ceil(last iteration's candidates / factor). */
  nRemainingCandidates?: number;
  /** The resolved maximum budget. */
  maxResources?: number;
  /** The resolved first-iteration budget. */
  minResources?: number;
  nIterations?: number;
  nPossibleIterations?: number;
  nRequiredIterations?: number;
  private folds: readonly Fold[] = [];
  private nRows = 0;
  private nClasses: number | undefined;
  /** The class's own minResources default ('exhaust' for a grid, 'smallest' for a random search). */
  private readonly defaultMin: MinResourcesOption;

  protected constructor(
    estimator: Estimator,
    protected readonly halving: HalvingSearchOptions,
    defaultMinResources: MinResourcesOption,
  ) {
    super(estimator, { ...halving, returnTrainScore: halving.returnTrainScore ?? true });
    this.defaultMin = defaultMinResources;
  }

  /** The first iteration's candidates (a grid's points or draws from a space). */
  protected abstract generateCandidates(seed: number, firstMin: number, maxResources: number): Params[];

  protected override extraOptionNames(): readonly string[] {
    return [...HALVING_OPTION_NAMES];
  }

  protected get factor(): number {
    return this.halving.factor ?? 3;
  }

  protected get resource(): string {
    return this.halving.resource ?? 'nSamples';
  }

  protected get minResourcesOption(): MinResourcesOption {
    return this.halving.minResources ?? this.defaultMin;
  }

  /**
   * As BaseSearchCV.fit, after scikit-learn's option checks (`_check_input_parameters`, with
   * its messages): one metric, a boolean refit, valid resources — all before any fit.
   */
  override async fit<L extends ClassLabel = number>(
    X: XInput,
    y: TargetInput<L>,
    fitOptions: SearchFitOptions = {},
  ): Promise<Fitted<this, Estimator, AnyOptionTypes, L>> {
    this.nResources = this.nCandidates = this.nRemainingCandidates = this.maxResources = this.minResources = undefined;
    this.nIterations = this.nPossibleIterations = this.nRequiredIterations = undefined;
    this.checkHalvingOptions();
    return super.fit(X, y, fitOptions);
  }

  /** Option checks that need no data (scikit-learn's order and messages, hints in parentheses). */
  protected checkHalvingOptions(): void {
    const o = this.halving;
    if (o.scoring !== undefined && typeof o.scoring !== 'string' && typeof o.scoring !== 'function') {
      throw new ValidationError(
        'scoring parameter must be a string, a callable or None. Multimetric scoring is not supported. (hyperfold: give one scorer name or function as scoring)',
      );
    }
    const factor = this.factor;
    if (typeof factor !== 'number' || !Number.isFinite(factor) || factor <= 1) {
      throw new ValidationError(`factor: must be a number greater than 1 (the share of candidates kept per iteration is 1/factor), got ${String(factor)}`);
    }
    const resource = this.resource;
    if (typeof resource !== 'string')
      throw new ValidationError(`resource: expected 'nSamples' or the name of an integer parameter of ${this.estimator.name}, got ${String(resource)}`);
    if (resource !== 'nSamples') {
      const params = this.estimator.getParams();
      if (!(resource in params)) {
        const hint =
          resource === 'n_samples'
            ? "hyperfold spells it 'nSamples'"
            : `give 'nSamples' or one of ${this.estimator.name}'s parameters: ${Object.keys(params).join(', ')}`;
        throw new ValidationError(`Cannot use resource=${resource} which is not supported by estimator ${this.estimator.name} (${hint})`);
      }
      const v = params[resource];
      if (v !== null && !(typeof v === 'number' && Number.isInteger(v))) {
        throw new ValidationError(
          `resource=${resource}: ${this.estimator.name}'s parameter ${resource} is ${JSON.stringify(v)}, not an integer; the resource must be 'nSamples' or an integer parameter (e.g. nEstimators, maxIter)`,
        );
      }
    }
    const max = o.maxResources ?? 'auto';
    if ((typeof max === 'string' && max !== 'auto') || (max !== 'auto' && !isPositiveInt(max))) {
      throw new ValidationError(`max_resources must be either 'auto' or a positive integer (hyperfold: maxResources, got ${JSON.stringify(max)})`);
    }
    const min = this.minResourcesOption;
    if (min !== 'smallest' && min !== 'exhaust' && !isPositiveInt(min)) {
      throw new ValidationError(
        `min_resources must be either 'smallest', 'exhaust', or a positive integer no greater than max_resources. (hyperfold: minResources, got ${JSON.stringify(min)})`,
      );
    }
    this.checkCandidateCount();
    const refit: RefitOption = o.refit ?? true;
    if (typeof refit !== 'boolean') {
      throw new ValidationError(
        `refit is expected to be a boolean. Got ${typeof refit} instead. (hyperfold: a halving search picks its best candidate from the last iteration; refit: true or false)`,
      );
    }
    if (o.aggressiveElimination !== undefined && typeof o.aggressiveElimination !== 'boolean') {
      throw new ValidationError(`aggressiveElimination: expected true or false, got ${String(o.aggressiveElimination)}`);
    }
  }

  /** HalvingRandomSearchCV checks nCandidates here. */
  protected checkCandidateCount(): void {}

  protected override prepareSearch(context: SearchContext): void {
    this.folds = context.folds;
    this.nRows = context.X.rows;
    this.nClasses = this.estimator.kind === 'classifier' ? uniqueSorted(context.y).length : undefined;
    const samples = this.resource === 'nSamples';
    const max = resolveMaxResources(this.halving.maxResources ?? 'auto', samples, this.nRows);
    checkResourceBounds(this.firstMin(), max);
  }

  private firstMin(): number {
    return initialMinResources({
      minResources: this.minResourcesOption,
      samples: this.resource === 'nSamples',
      nSplits: this.folds.length,
      nClasses: this.nClasses,
    });
  }

  protected override selectBest(_refit: RefitOption, _metric: string | undefined, cv: CvResults): number {
    return lastIterationBest(cv);
  }

  /** Iterations of evaluate, each keeping the best ceil(n / factor) (see topK for ties). */
  protected async runSearch(evaluate: EvaluateCandidates, seed: number): Promise<void> {
    const samples = this.resource === 'nSamples';
    const maxResources = resolveMaxResources(this.halving.maxResources ?? 'auto', samples, this.nRows);
    let candidates = this.generateCandidates(seed, this.firstMin(), maxResources);
    if (!samples && candidates.some((c) => this.resource in c)) {
      throw new ValidationError(
        `Cannot use parameter ${this.resource} as the resource since it is part of the searched parameters. (hyperfold: remove ${this.resource} from the space, or use another resource)`,
      );
    }
    const s = halvingSchedule({
      nCandidates: candidates.length,
      factor: this.factor,
      samples,
      minResources: this.minResourcesOption,
      maxResources: this.halving.maxResources ?? 'auto',
      aggressiveElimination: this.halving.aggressiveElimination ?? false,
      nSamples: this.nRows,
      nSplits: this.folds.length,
      nClasses: this.nClasses,
    });
    Object.assign(this, {
      minResources: s.minResources,
      maxResources: s.maxResources,
      nIterations: s.nIterations,
      nPossibleIterations: s.nPossibleIterations,
      nRequiredIterations: s.nRequiredIterations,
    });
    this.nResources = [];
    this.nCandidates = [];
    const sampler = samples ? new FoldSubsampler(this.folds, seed) : undefined;
    for (let itr = 0; itr < s.nIterations; itr++) {
      const nResources = s.nResources[itr]!;
      const n = candidates.length;
      this.nResources.push(nResources);
      this.nCandidates.push(n);
      const info: HalvingIterationInfo = { iteration: itr, nIterations: s.nIterations, nCandidates: n, nResources };
      this.emit('iteration', info);
      const batch = samples ? candidates : candidates.map((c) => ({ ...c, [this.resource]: nResources }));
      const cv = await evaluate(batch, {
        ...(sampler ? { folds: sampler.folds(nResources / this.nRows) } : {}),
        moreResults: { iter: new Array<number>(n).fill(itr), n_resources: new Array<number>(n).fill(nResources) },
        round: { iteration: itr, nIterations: s.nIterations },
        last: itr === s.nIterations - 1,
      });
      const scores = numericColumn(cv, 'mean_test_score').slice(-n);
      candidates = topK(scores, keptAfter(n, this.factor)).map((i) => batch[i]!);
    }
    this.nRemainingCandidates = candidates.length;
  }
}

/**
 * scikit-learn's `_select_best_index` for halving: the best mean test score among the rows of
 * the last iteration (the first of equals, NaN ignored; the first row when all are NaN).
 */
export function lastIterationBest(cv: CvResults): number {
  const iter = numericColumn(cv, 'iter');
  const scores = numericColumn(cv, 'mean_test_score');
  const last = Math.max(...iter);
  let best = -1;
  for (let i = 0; i < iter.length; i++) {
    if (iter[i] !== last) continue;
    if (best < 0) best = i;
    else if (!Number.isNaN(scores[i]!) && (Number.isNaN(scores[best]!) || scores[i]! > scores[best]!)) best = i;
  }
  return best;
}

/**
 * The folds of a `resource: 'nSamples'` iteration. scikit-learn's `_SubsampleMetaSplitter`
 * keeps int(fraction × n) of each fold's train rows and, likewise, of its test rows
 * (fraction = budget / rows of X), drawn with numpy's `resample`. Here each fold's train and
 * test rows get one shuffle each, seeded from the search seed, fold and side; an iteration takes
 * the first int(fraction × n) rows of it (so smaller budgets nest in larger ones, as
 * scikit-learn's do with an integer random_state) and keeps them in data order. The counts
 * equal scikit-learn's; which rows are drawn differs (seedrandom, not numpy's MT19937).
 */
export class FoldSubsampler {
  private readonly orders: { train: Int32Array; test: Int32Array }[];

  constructor(
    private readonly base: readonly Fold[],
    seed: number,
  ) {
    this.orders = base.map((f, s) => ({
      train: seededPermutation(f.train.length, deriveSeed(seed, `halving:train:${s}`)),
      test: seededPermutation(f.test.length, deriveSeed(seed, `halving:test:${s}`)),
    }));
  }

  /** Each fold cut to int(fraction × its train rows) and int(fraction × its test rows). */
  folds(fraction: number): Fold[] {
    return this.base.map((f, s) => ({
      ...f,
      train: takeFirst(f.train, this.orders[s]!.train, fraction),
      test: takeFirst(f.test, this.orders[s]!.test, fraction),
    }));
  }
}

/**
 * The rows at the shuffle `order`'s first int(fraction × n) positions, in data order: marked, then read in order
 * (linear; a sort of them cost the search thread ~50 ms per fold between airline's iterations while the pool waited).
 */
function takeFirst(rows: Int32Array, order: Int32Array, fraction: number): Int32Array {
  const k = Math.trunc(fraction * rows.length);
  if (k >= rows.length) return rows;
  const picked = new Uint8Array(rows.length);
  markFirst(picked, order, k);
  return readMarked(rows, picked, new Int32Array(k));
}

// Each loop is alone in its function (docs/contributing.md, "Hot code that V8 keeps optimized"): with both and
// the allocations in one closure, V8 replaced it while its first loop ran and deoptimized it at the allocation after
// the loop, once per fold side and iteration (~20 times per airline search, on the search thread between iterations).

/** picked[order[i]] = 1 for the first k positions of `order`. */
function markFirst(picked: Uint8Array, order: Int32Array, k: number): void {
  for (let i = 0; i < k; i++) picked[order[i]!] = 1;
}

/** out = the rows whose position is marked in `picked`, in data order (out.length of them). */
function readMarked(rows: Int32Array, picked: Uint8Array, out: Int32Array): Int32Array {
  for (let p = 0, j = 0; p < rows.length; p++) if (picked[p] === 1) out[j++] = rows[p]!;
  return out;
}

/**
 * Successive halving over every point of a grid (scikit-learn's HalvingGridSearchCV):
 * cheap budgets for all candidates, larger ones for the best. `minResources` defaults to
 * 'exhaust', so the last iteration uses (nearly) the whole `maxResources`.
 */
export class HalvingGridSearchCV extends BaseSuccessiveHalving {
  constructor(
    estimator: Estimator,
    readonly paramGrid: GridSpace | readonly GridSpace[],
    options: HalvingSearchOptions = {},
  ) {
    super(estimator, options, 'exhaust');
  }

  protected checkStrategy(): void {
    checkSpaceNotEmpty(this.paramGrid);
    validateSpace(this.paramGrid, this.estimator);
  }

  protected generateCandidates(): Params[] {
    return [...new ParameterGrid(this.paramGrid)];
  }
}

/**
 * Successive halving over candidates drawn from a space (scikit-learn's HalvingRandomSearchCV).
 * `nCandidates: 'exhaust'` (default) draws maxResources // minResources candidates, so the
 * schedule ends near the full budget; `minResources` defaults to 'smallest'.
 */
export class HalvingRandomSearchCV extends BaseSuccessiveHalving {
  constructor(
    estimator: Estimator,
    readonly paramDistributions: SampleSpace | readonly SampleSpace[],
    options: HalvingRandomSearchOptions = {},
  ) {
    super(estimator, options, 'smallest');
  }

  private get nCandidatesOption(): 'exhaust' | number {
    return (this.halving as HalvingRandomSearchOptions).nCandidates ?? 'exhaust';
  }

  protected override extraOptionNames(): readonly string[] {
    return [...super.extraOptionNames(), 'nCandidates'];
  }

  protected override checkCandidateCount(): void {
    const n = this.nCandidatesOption;
    if (n === 'exhaust' && this.minResourcesOption === 'exhaust') {
      throw new ValidationError(
        "n_candidates and min_resources cannot be both set to 'exhaust'. (hyperfold: give nCandidates a number, or minResources 'smallest' or a number)",
      );
    }
    if (n !== 'exhaust' && !isPositiveInt(n)) {
      throw new ValidationError(`n_candidates must be either 'exhaust' or a positive integer (hyperfold: nCandidates, got ${JSON.stringify(n)})`);
    }
  }

  protected checkStrategy(): void {
    checkSpaceNotEmpty(this.paramDistributions);
    validateSpace(this.paramDistributions, this.estimator);
  }

  protected generateCandidates(seed: number, firstMin: number, maxResources: number): Params[] {
    const option = this.nCandidatesOption;
    const n = option === 'exhaust' ? pythonFloorDiv(maxResources, firstMin) : option;
    return new ParameterSampler(this.paramDistributions, n, { randomState: seed }).candidates();
  }
}
