import { ValidationError } from '../errors.js';
import type { ParamValue, Params } from '../estimators/estimator.js';
import { DISTRIBUTION_KINDS, distributionFrom, isDistribution, type DistributionKind } from './distributions.js';
import type { GridSpace } from './grid.js';
import type { SampleSpace } from './sampler.js';

/** Options of `parseSpace`. */
export interface ParseSpaceOptions {
  /** True for GridSearchCV / --grid (lists only); false for RandomizedSearchCV / --space. */
  forGrid: boolean;
}

const show = (v: unknown): string => JSON.stringify(v) ?? String(v);

function checkParamValue(v: unknown, key: string, path: string): ParamValue {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new ValidationError(`parameter '${key}': ${path} = ${v} is not a finite number`);
    return v;
  }
  if (Array.isArray(v)) return v.map((x, i) => checkParamValue(x, key, `${path}[${i}]`));
  if (typeof v === 'object') {
    // fromEntries defines own properties: a key '__proto__' stays a key (assignment would set the prototype)
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, checkParamValue(x, key, `${path}.${k}`)]));
  }
  throw new ValidationError(`parameter '${key}': ${path} = ${String(v)} is not a JSON value`);
}

function parseValue(key: string, value: unknown, forGrid: boolean): ParamValue[] | ReturnType<typeof distributionFrom> {
  if (Array.isArray(value)) {
    if (value.length === 0) throw new ValidationError(`parameter '${key}' has an empty list; give at least one value`);
    return value.map((v, i) => checkParamValue(v, key, `value ${i}`));
  }
  if (isDistribution(value)) {
    if (forGrid)
      throw new ValidationError(
        `parameter '${key}' is a ${value.kind} distribution, but a grid takes lists only; use --space / RandomizedSearchCV to sample distributions`,
      );
    return value;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    const [kind, args] = entries[0] ?? [];
    if (entries.length !== 1 || !DISTRIBUTION_KINDS.includes(kind as DistributionKind)) {
      throw new ValidationError(
        `parameter '${key}': ${show(value)} is neither a list of values nor a distribution; write a list, or one of {"uniform": [loc, scale]}, {"loguniform": [a, b]}, {"randint": [low, high]}`,
      );
    }
    if (forGrid) {
      throw new ValidationError(
        `parameter '${key}': ${show(value)} is a distribution, but a grid takes lists only; use --space / RandomizedSearchCV to sample distributions, or list the values`,
      );
    }
    if (!Array.isArray(args) || args.length !== 2 || !args.every((a) => typeof a === 'number')) {
      throw new ValidationError(`parameter '${key}': ${kind} takes two numbers, e.g. {"${kind}": [1, 10]}, got ${show(args)}`);
    }
    try {
      return distributionFrom(kind as DistributionKind, args[0] as number, args[1] as number);
    } catch (e) {
      throw new ValidationError(`parameter '${key}': ${(e as Error).message}`);
    }
  }
  throw new ValidationError(
    `parameter '${key}': ${show(value)} must be a list of values${forGrid ? '' : ' or a distribution'}; wrap a single value in a list, e.g. [${show(value)}]`,
  );
}

function parseDict(json: unknown, forGrid: boolean, where: string): GridSpace | SampleSpace {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new ValidationError(`${where} must be an object of parameter → ${forGrid ? 'list of values' : 'list or distribution'}, got ${show(json)}`);
  }
  // fromEntries defines own properties: a key '__proto__' stays a key, rejected later by name
  return Object.fromEntries(Object.entries(json).map(([key, value]) => [key, parseValue(key, value, forGrid)])) as GridSpace | SampleSpace;
}

/**
 * Reads the JSON form of a search space, as users and the CLI write it:
 * `{"C": {"loguniform": [1e-6, 1e6]}, "gamma": {"uniform": [0, 1]}, "degree": {"randint": [2, 5]},
 * "kernel": ["rbf", "poly"]}` or a list of such objects. Grids (`forGrid: true`) take lists only.
 * Errors name the parameter and the offending value.
 */
export function parseSpace(json: unknown, options: { forGrid: true }): GridSpace | GridSpace[];
export function parseSpace(json: unknown, options: { forGrid: false }): SampleSpace | SampleSpace[];
export function parseSpace(json: unknown, options: ParseSpaceOptions): GridSpace | GridSpace[] | SampleSpace | SampleSpace[];
export function parseSpace(json: unknown, options: ParseSpaceOptions): GridSpace | GridSpace[] | SampleSpace | SampleSpace[] {
  const forGrid = options.forGrid;
  const what = forGrid ? 'the grid' : 'the space';
  if (Array.isArray(json)) {
    if (json.length === 0) throw new ValidationError(`${what} is an empty list; give at least one object of parameters`);
    return json.map((d, i) => parseDict(d, forGrid, `${what}[${i}]`)) as GridSpace[] | SampleSpace[];
  }
  return parseDict(json, forGrid, what);
}

/** The JSON form of a space (distributions as `{kind: [a, b]}`), the inverse of `parseSpace`. */
export function spaceToJSON(space: SampleSpace | readonly SampleSpace[]): unknown {
  const one = (s: SampleSpace): Params => Object.fromEntries(Object.entries(s).map(([k, v]) => [k, isDistribution(v) ? (v.toJSON() as Params) : v]));
  return Array.isArray(space) ? space.map(one) : one(space as SampleSpace);
}
