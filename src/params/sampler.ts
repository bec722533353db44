import { ValidationError } from '../errors.js';
import type { ParamValue, Params } from '../estimators/estimator.js';
import { isDistribution, type Distribution } from './distributions.js';
import { ParameterGrid, sortedKeys, type GridSpace } from './grid.js';
import { makeRng, randomInt, sampleWithoutReplacement } from './rng.js';

/** A randomized-search space: each parameter maps to a list (uniform choice) or a distribution. */
export type SampleSpace = Record<string, ParamValue[] | Distribution>;

/** Options of `ParameterSampler`. */
export interface ParameterSamplerOptions {
  /** Seed (seedrandom): the same seed gives the same candidates on every machine; undefined → random. */
  randomState?: number;
}

function checkSpace(space: unknown, where: string): SampleSpace {
  if (space === null || typeof space !== 'object' || Array.isArray(space)) {
    throw new ValidationError(`ParameterSampler: ${where} must be an object of parameter → list or distribution, got ${JSON.stringify(space)}`);
  }
  for (const [key, v] of Object.entries(space)) {
    if (isDistribution(v)) continue;
    if (!Array.isArray(v)) {
      throw new ValidationError(
        `ParameterSampler: parameter '${key}' is not a list or a distribution (value=${JSON.stringify(v)}); wrap a single value in a list`,
      );
    }
    if (v.length === 0) throw new ValidationError(`ParameterSampler: parameter '${key}' has an empty list; give at least one value`);
  }
  return space as SampleSpace;
}

/**
 * `nIter` random candidates from a space (scikit-learn's `ParameterSampler`). When every value
 * is a list it samples without replacement from the full grid, clipping nIter to the grid size
 * with a warning; otherwise each candidate picks one dict at random, then draws every
 * parameter (sorted by name) from its distribution or list. Seeded with seedrandom.
 */
export class ParameterSampler implements Iterable<Params> {
  readonly spaces: readonly SampleSpace[];
  readonly nIter: number;
  readonly randomState: number | undefined;
  /** Number of candidates: nIter, or the grid size when smaller and every value is a list. */
  readonly length: number;
  private readonly grid: ParameterGrid | undefined;

  constructor(space: SampleSpace | readonly SampleSpace[], nIter: number, options: ParameterSamplerOptions = {}) {
    const list = Array.isArray(space) ? space : [space];
    if (list.length === 0) throw new ValidationError('ParameterSampler: the space is an empty list; give at least one dict of parameters');
    this.spaces = list.map((s, i) => checkSpace(s, Array.isArray(space) ? `space ${i}` : 'the space'));
    if (!Number.isInteger(nIter) || nIter < 1) throw new ValidationError(`ParameterSampler: nIter must be an integer ≥ 1, got ${String(nIter)}`);
    if (options.randomState !== undefined && !Number.isInteger(options.randomState)) {
      throw new ValidationError(`ParameterSampler: randomState must be an integer or undefined, got ${String(options.randomState)}`);
    }
    this.nIter = nIter;
    this.randomState = options.randomState;
    const allLists = this.spaces.every((s) => Object.values(s).every((v) => !isDistribution(v)));
    this.grid = allLists ? new ParameterGrid(this.spaces as GridSpace[]) : undefined;
    this.length = this.grid ? Math.min(nIter, this.grid.length) : nIter;
  }

  /**
   * The candidates. Each call starts from `randomState` again, so with a seed every call (and
   * every machine) gives the same list; without one every call differs.
   */
  candidates(): Params[] {
    const rng = makeRng(this.randomState);
    if (this.grid) {
      const size = this.grid.length;
      if (size < this.nIter) {
        process.emitWarning(
          `The total space of parameters ${size} is smaller than nIter=${this.nIter}. Running ${size} iterations. For exhaustive searches, use GridSearchCV.`,
          { type: 'UserWarning' },
        );
      }
      return sampleWithoutReplacement(size, this.length, rng).map((i) => this.grid!.get(i));
    }
    const out: Params[] = [];
    for (let it = 0; it < this.nIter; it++) {
      const space = this.spaces[randomInt(this.spaces.length, rng)]!;
      const params: Params = {};
      for (const key of sortedKeys(space)) {
        const v = space[key]!;
        params[key] = isDistribution(v) ? v.sample(rng) : v[randomInt(v.length, rng)]!;
      }
      out.push(params);
    }
    return out;
  }

  [Symbol.iterator](): Iterator<Params> {
    return this.candidates()[Symbol.iterator]();
  }
}
