import { ValidationError } from '../errors.js';
import type { Rng } from './rng.js';

/** The distributions a randomized search can sample from (scipy.stats names). */
export type DistributionKind = 'uniform' | 'loguniform' | 'randint';

/** A distribution's JSON form, the one `parseSpace` reads: `{ "loguniform": [1e-6, 1e6] }`. */
export type DistributionJSON = { [K in DistributionKind]?: [number, number] };

/** A one-dimensional distribution of a hyperparameter (scipy.stats' `rvs` counterpart). */
export interface Distribution {
  readonly kind: DistributionKind;
  /** The two arguments, in scipy's order: uniform (loc, scale), loguniform (a, b), randint (low, high). */
  readonly args: readonly [number, number];
  /** One draw, using `rng` (uniform doubles in [0, 1)) as the only source of randomness. */
  sample(rng: Rng): number;
  /** `{ kind: [arg0, arg1] }`, readable back by `parseSpace`. */
  toJSON(): DistributionJSON;
}

function finite(value: unknown, fn: string, name: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new ValidationError(`${fn}: ${name} must be a finite number, got ${JSON.stringify(value) ?? String(value)}`);
  }
  return value;
}

function make(kind: DistributionKind, args: [number, number], sample: (rng: Rng) => number): Distribution {
  return Object.freeze({ kind, args: Object.freeze(args), sample, toJSON: () => ({ [kind]: [args[0], args[1]] }) });
}

/** scipy.stats.uniform(loc, scale): continuous uniform on [loc, loc + scale]. scale ≥ 0. */
export function uniform(loc = 0, scale = 1): Distribution {
  finite(loc, 'uniform', 'loc');
  finite(scale, 'uniform', 'scale');
  if (scale < 0) throw new ValidationError(`uniform: scale must be ≥ 0 (the interval is [loc, loc + scale]), got scale=${scale}`);
  return make('uniform', [loc, scale], (rng) => loc + scale * rng());
}

/** scipy.stats.loguniform(a, b): log-uniform on [a, b], 0 < a < b (e.g. C or gamma over decades). */
export function loguniform(a: number, b: number): Distribution {
  finite(a, 'loguniform', 'a');
  finite(b, 'loguniform', 'b');
  if (a <= 0) throw new ValidationError(`loguniform: a must be > 0 (the log of the bound is taken), got a=${a}`);
  if (b <= a) throw new ValidationError(`loguniform: b must be greater than a, got a=${a}, b=${b}`);
  const la = Math.log(a);
  const lb = Math.log(b);
  return make('loguniform', [a, b], (rng) => Math.exp(la + (lb - la) * rng()));
}

/** scipy.stats.randint(low, high): integers low, low + 1, …, high − 1 (high exclusive), equally likely. */
export function randint(low: number, high: number): Distribution {
  finite(low, 'randint', 'low');
  finite(high, 'randint', 'high');
  if (!Number.isInteger(low)) throw new ValidationError(`randint: low must be an integer, got low=${low}`);
  if (!Number.isInteger(high)) throw new ValidationError(`randint: high must be an integer, got high=${high}`);
  if (high <= low) throw new ValidationError(`randint: high must be greater than low (high is exclusive), got low=${low}, high=${high}`);
  return make('randint', [low, high], (rng) => low + Math.floor(rng() * (high - low)));
}

/** True when `value` is a Distribution made by `uniform`, `loguniform` or `randint` (or shaped like one). */
export function isDistribution(value: unknown): value is Distribution {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const d = value as Partial<Distribution>;
  return typeof d.sample === 'function' && typeof d.kind === 'string';
}

/** Builds a distribution from its kind and two arguments (the JSON form's parts). */
export function distributionFrom(kind: DistributionKind, a: number, b: number): Distribution {
  switch (kind) {
    case 'uniform':
      return uniform(a, b);
    case 'loguniform':
      return loguniform(a, b);
    case 'randint':
      return randint(a, b);
  }
}

/** The distribution kinds, for messages and parsing. */
export const DISTRIBUTION_KINDS: readonly DistributionKind[] = ['uniform', 'loguniform', 'randint'];
