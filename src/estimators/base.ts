import { ValidationError } from '../errors.js';
import { didYouMean } from './suggest.js';
import type { Labels, Matrix } from '../data/matrix.js';
import type { Estimator, EstimatorKind, ParamSpec, ParamValue, Params, SerializedEstimator } from './estimator.js';

/** Deep-copies a JSON-like parameter value. */
export function copyParam(v: ParamValue): ParamValue {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(copyParam);
  const o: { [k: string]: ParamValue } = {};
  for (const [k, x] of Object.entries(v)) o[k] = copyParam(x);
  return o;
}

/** A copy of a parameter record, each value deep-copied (a loop: every fit builds an estimator from its defaults). */
function copyParams<P extends Params>(params: P): P {
  const out: Params = {};
  for (const k of Object.keys(params)) out[k] = copyParam(params[k]!);
  return out as P;
}

/**
 * Base class for estimators: owns hyperparameters (defaults merged with the
 * user's, unknown names rejected with the valid list), `clone`, `toJSON`.
 * Subclasses implement `fit` / `predict` and, for JSON round trips, `getState` /
 * `setState`.
 */
export abstract class BaseEstimator<P extends Params> implements Estimator<P> {
  abstract readonly name: string;
  abstract readonly kind: EstimatorKind;
  protected params: P;

  constructor(
    protected readonly defaults: P,
    params: Partial<P> = {},
  ) {
    this.params = copyParams(defaults);
    this.checkNames(params);
    Object.assign(this.params, params);
  }

  private checkNames(params: Partial<P>): void {
    for (const k of Object.keys(params)) {
      // own names only: 'toString', 'constructor' or '__proto__' are not parameters
      if (!Object.hasOwn(this.defaults, k)) {
        throw new ValidationError(
          `${this.constructor.name}: unknown parameter '${k}'${didYouMean(k, Object.keys(this.defaults))}; valid parameters: ${Object.keys(this.defaults).sort().join(', ')}`,
        );
      }
    }
  }

  getParams(): P {
    return copyParams(this.params);
  }

  setParams(params: Partial<P>): this {
    this.checkNames(params);
    Object.assign(this.params, params);
    return this;
  }

  abstract fit(X: Matrix, y: Labels): this;
  abstract predict(X: Matrix): Labels;

  clone(): this {
    const Ctor = this.constructor as new (p: Partial<P>) => this;
    return new Ctor(this.getParams());
  }

  /** Fitted state for toJSON (undefined when not fitted). */
  protected getState(): unknown {
    return undefined;
  }

  /** Restores state produced by getState. */
  setState(_state: unknown): void {
    throw new ValidationError(`${this.name} cannot restore fitted state from JSON; refit it instead`);
  }

  toJSON(): SerializedEstimator {
    const state = this.getState();
    return state === undefined ? { name: this.name, params: this.getParams() } : { name: this.name, params: this.getParams(), state };
  }
}

/** The default value of every parameter in a `ParamSpec` table (what a constructor starts from). */
export function defaultsOf<P extends Params>(specs: Record<string, ParamSpec>): P {
  const out: Params = {};
  for (const k of Object.keys(specs)) out[k] = specs[k]!.default;
  return out as P;
}
