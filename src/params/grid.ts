import { ValidationError } from '../errors.js';
import type { ParamValue, Params } from '../estimators/estimator.js';

/** A grid: each parameter name maps to the list of values to try. */
export type GridSpace = Record<string, ParamValue[]>;

/** Names sorted as Python's `sorted` sorts str keys (by code point). */
export function sortedKeys(space: object): string[] {
  return Object.keys(space).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function checkGrid(grid: unknown, where: string): GridSpace {
  if (grid === null || typeof grid !== 'object' || Array.isArray(grid)) {
    throw new ValidationError(`ParameterGrid: ${where} must be an object of parameter → list of values, got ${JSON.stringify(grid)}`);
  }
  for (const [key, values] of Object.entries(grid)) {
    if (!Array.isArray(values)) {
      throw new ValidationError(`ParameterGrid: parameter '${key}' needs a list of values, got ${JSON.stringify(values)}; wrap a single value in a list`);
    }
    if (values.length === 0) throw new ValidationError(`ParameterGrid: parameter '${key}' has an empty list; give at least one value`);
  }
  return grid as GridSpace;
}

/**
 * Every combination of a grid (scikit-learn's `ParameterGrid`), in scikit-learn's order: each
 * dict in turn, its keys sorted, the last key varying fastest. `get(i)` computes the i-th point
 * without enumerating the ones before it.
 */
export class ParameterGrid implements Iterable<Params> {
  readonly grids: readonly GridSpace[];
  /** Number of points (a dict without keys counts as one empty point). */
  readonly length: number;
  private readonly sizes: number[];
  /** Each grid's keys, sorted once. */
  private readonly keys: string[][];

  constructor(space: GridSpace | readonly GridSpace[]) {
    const list = Array.isArray(space) ? space : [space];
    this.grids = list.map((g, i) => checkGrid(g, Array.isArray(space) ? `grid ${i}` : 'the grid'));
    this.sizes = this.grids.map((g) => Object.values(g).reduce((p, v) => p * v.length, 1));
    this.length = this.sizes.reduce((a, b) => a + b, 0);
    this.keys = this.grids.map((g) => sortedKeys(g));
  }

  /** The i-th point, equal to `[...grid][i]`. */
  get(index: number): Params {
    if (!Number.isInteger(index) || index < 0 || index >= this.length) {
      throw new ValidationError(`ParameterGrid: index ${index} is out of range for a grid of ${this.length} points`);
    }
    let i = index;
    for (let g = 0; g < this.grids.length; g++) {
      if (i >= this.sizes[g]!) {
        i -= this.sizes[g]!;
        continue;
      }
      const grid = this.grids[g]!;
      const keys = this.keys[g]!;
      const picked = new Array<ParamValue>(keys.length);
      for (let k = keys.length - 1; k >= 0; k--) {
        const values = grid[keys[k]!]!;
        picked[k] = values[i % values.length]!;
        i = Math.floor(i / values.length);
      }
      // Keys in sorted order, as scikit-learn's dicts are built; own properties even for '__proto__'.
      return Object.fromEntries(keys.map((k, j) => [k, picked[j]!]));
    }
    throw new ValidationError(`ParameterGrid: index ${index} is out of range`);
  }

  *[Symbol.iterator](): Iterator<Params> {
    for (let i = 0; i < this.length; i++) yield this.get(i);
  }
}
