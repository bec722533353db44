import { ValidationError } from '../errors.js';
import type { Estimator, EstimatorKind, ParamSpec, Params, SerializedEstimator, Transformer } from './estimator.js';
import type { EstimatorTypes } from './estimator-types.js';

/** Builds an estimator from its parameters (the registry's unit). */
export type EstimatorFactory = (params?: Params) => Estimator | Transformer;

interface Entry {
  factory: EstimatorFactory;
  /** Restores fitted state produced by toJSON(); absent for estimators that cannot be restored. */
  restore?: (est: Estimator | Transformer, state: unknown) => void;
  params?: Record<string, ParamSpec>;
  doc?: string;
  costHint?: CostHint;
  runFoldsTogether?: boolean;
}

/**
 * A unitless guess of one fit's cost from its parameters (larger: slower). Executors run the
 * costliest-looking candidates first; only the order among candidates of one estimator matters,
 * and measured fit times replace the guess once fits finish.
 */
export type CostHint = (params: Params) => number;

const registry = new Map<string, Entry>();

/** Options for `registerEstimator`: metadata for `--list-estimators` and a state restorer. */
export interface RegisterOptions {
  params?: Record<string, ParamSpec>;
  doc?: string;
  restore?: (est: Estimator | Transformer, state: unknown) => void;
  /** This estimator's cost hint (see `CostHint`); without one every candidate costs 1. */
  costHint?: CostHint;
  /**
   * True when the fits of one candidate share work cached per parameter setting (SVC: the kernel
   * matrix of its kernel setting): the pool then runs a candidate's folds back to back, while that
   * work is in the processor's cache, instead of first trying one fold of every candidate.
   */
  runFoldsTogether?: boolean;
}

/**
 * Registers an estimator by name so a worker thread or another host can rebuild
 * it from `{ name, params }`. Register your own estimators in a module and pass
 * that module to the executor's `modules` option so workers load it too.
 */
export function registerEstimator(name: string, factory: EstimatorFactory, options: RegisterOptions = {}): void {
  registry.set(name, { factory, ...options });
}

/** True when `name` is registered in this process / thread. */
export function hasEstimator(name: string): boolean {
  return registry.has(name);
}

/** Names of every registered estimator, sorted. */
export function listEstimators(): string[] {
  return [...registry.keys()].sort();
}

/** Registered metadata (parameters with defaults, doc) for `name`. */
export function describeEstimator(name: string): { name: string; doc?: string; params?: Record<string, ParamSpec> } {
  const e = lookup(name);
  return { name, doc: e.doc, params: e.params };
}

/**
 * The cost hint `name` declared for `params` (1 when it declared none, is not registered in
 * this thread, or the hint is not a finite number > 0). What the executors order jobs by.
 */
export function costHint(name: string, params: Params): number {
  const hint = registry.get(name)?.costHint;
  const v = hint ? hint(params) : 1;
  return Number.isFinite(v) && v > 0 ? v : 1;
}

/** True when `name` declared `runFoldsTogether` (see `RegisterOptions`). */
export function runsFoldsTogether(name: string): boolean {
  return registry.get(name)?.runFoldsTogether === true;
}

function lookup(name: string): Entry {
  const e = registry.get(name);
  if (!e) {
    throw new ValidationError(
      `unknown estimator '${name}'; registered estimators: ${listEstimators().join(', ') || '(none)'}. ` +
        `Register your own with registerEstimator(name, factory) in a module and pass it to the executor's 'modules' option.`,
    );
  }
  return e;
}

/** What a registry name builds: the class for a name in `EstimatorTypes`, else any estimator or transformer. */
export type EstimatorFor<N extends string> = N extends keyof EstimatorTypes ? EstimatorTypes[N] : Estimator | Transformer;

/** What `estimatorFromJSON(json, kind)` returns: an Estimator of that kind, or a Transformer. */
export type EstimatorOfKind<K extends EstimatorKind> = K extends 'transformer' ? Transformer : Estimator & { readonly kind: K };

/** Creates a fresh estimator from its registry name and parameters (typed by name for the built-ins). */
export function createEstimator<const N extends string>(name: N, params: Params = {}): EstimatorFor<N> {
  return lookup(name).factory(params) as EstimatorFor<N>;
}

/**
 * Rebuilds an estimator (fitted if `state` is present) from its `toJSON()` form. The result is
 * typed by the JSON's name when it is a literal (`{ name: 'SVC', … }` → SVC); pass `kind`
 * ('classifier', 'regressor' or 'transformer') to have it checked and the type narrowed, e.g.
 * for JSON read from a file: `estimatorFromJSON(json, 'classifier').predict(X)`.
 */
export function estimatorFromJSON<const N extends string>(json: SerializedEstimator & { name: N }): EstimatorFor<N>;
export function estimatorFromJSON<K extends EstimatorKind>(json: SerializedEstimator, kind: K): EstimatorOfKind<K>;
export function estimatorFromJSON(json: SerializedEstimator, kind?: EstimatorKind): Estimator | Transformer {
  const e = lookup(json.name);
  const est = e.factory(json.params);
  if (kind !== undefined && est.kind !== kind) {
    throw new ValidationError(`estimatorFromJSON: '${json.name}' is a ${est.kind}, not a ${kind}; pass the kind the JSON holds or leave it out`);
  }
  if (json.state !== undefined) {
    if (!e.restore) throw new ValidationError(`estimator '${json.name}' cannot restore fitted state from JSON; refit it instead`);
    e.restore(est, json.state);
  }
  return est;
}
