import { ValidationError } from '../errors.js';
import type { Labels, Matrix } from '../data/matrix.js';
import { BaseEstimator, copyParam } from './base.js';
import type { Estimator, EstimatorKind, ParamValue, Params, SerializedEstimator, Transformer } from './estimator.js';
import { costHint, createEstimator, estimatorFromJSON, registerEstimator } from './registry.js';
import { didYouMean } from './suggest.js';

/** A step of a pipeline as JSON: `[stepName, { name: registryName, params }]`. */
export type PipelineStepSpec = [string, { name: string; params: Params }];

/** A live step: its name and estimator or transformer. */
export type PipelineStep = [string, Estimator | Transformer];

type StepKeys<S extends readonly (readonly [string, Estimator | Transformer])[]> = {
  [I in keyof S]: S[I] extends readonly [infer N extends string, { getParams(): infer P }] ? { [K in keyof P & string as `${N}__${K}`]: P[K] } : never;
}[number];
type Intersect<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;

/**
 * The parameters of a pipeline built by `Pipeline.fromSteps` from live estimators, spelt with
 * template literal types: `steps` plus `<step>__<param>` for every parameter of every step
 * (`{ svc__C: number; scaler__withMean: boolean; … }`), so a grid over it is checked like any other.
 */
export type PipelineParamsOf<S extends readonly (readonly [string, Estimator | Transformer])[]> = { steps: ParamValue } & Intersect<StepKeys<S>>;

/** A Pipeline whose `step__param` names are known to the compiler (what `Pipeline.fromSteps` returns). */
export type TypedPipeline<P> = Pipeline & { getParams(): P; setParams(params: Partial<P>): TypedPipeline<P> };

/**
 * Pipeline parameters: `steps` (JSON step specs, rebuilt through the registry) plus
 * optional overrides addressed as in scikit-learn: `step__param` for a step's
 * parameter (nested: `outer__inner__param`) and `step` for a whole replacement step
 * (`{ name, params }`).
 */
export type PipelineParams = Params & { steps: ParamValue };

function isTransformer(e: Estimator | Transformer): e is Transformer {
  return typeof (e as Transformer).transform === 'function';
}

function parseSpec(v: unknown, where: string): { name: string; params: Params } {
  const s = v as { name?: unknown; params?: unknown } | null;
  if (
    !s ||
    typeof s !== 'object' ||
    typeof s.name !== 'string' ||
    (s.params !== undefined && (typeof s.params !== 'object' || s.params === null || Array.isArray(s.params)))
  ) {
    throw new ValidationError(`Pipeline: ${where} must be { name: <registered estimator>, params: {...} }, got ${JSON.stringify(v)}`);
  }
  return { name: s.name, params: (s.params ?? {}) as Params };
}

function parseSteps(v: unknown): PipelineStep[] {
  if (!Array.isArray(v) || v.length === 0) {
    throw new ValidationError(`Pipeline: parameter 'steps' must be a non-empty list of [stepName, { name, params }], got ${JSON.stringify(v)}`);
  }
  return v.map((entry, i) => {
    if (!Array.isArray(entry) || entry.length !== 2 || typeof entry[0] !== 'string') {
      throw new ValidationError(`Pipeline: steps[${i}] must be [stepName, { name, params }], got ${JSON.stringify(entry)}`);
    }
    const spec = parseSpec(entry[1], `steps[${i}] ('${entry[0]}')`);
    return [entry[0], createEstimator(spec.name, spec.params)] as PipelineStep;
  });
}

/**
 * scikit-learn's Pipeline: transformers chained before a final estimator, fitted in
 * order. Parameters are addressed as `step__param`, so grids over a pipeline read as
 * in scikit-learn (`{ svc__C: [1, 10], scaler__withMean: [true, false] }`). Built from
 * JSON step specs, so `createEstimator('Pipeline', params)` rebuilds it in a worker.
 * `kind`, `classes`, `predictProba` and `decisionFunction` are those of the last step.
 */
export class Pipeline extends BaseEstimator<PipelineParams> {
  readonly name = 'Pipeline';
  private steps: PipelineStep[] = [];
  /** Class probabilities from the last step (present only when the last step has them). */
  predictProba?: (X: Matrix) => Matrix;
  /** Decision function of the last step (present only when the last step has it). */
  decisionFunction?: (X: Matrix) => Matrix;

  constructor(params: Partial<PipelineParams> = {}) {
    super({ steps: [] }, {});
    if (params.steps === undefined) {
      throw new ValidationError("Pipeline: parameter 'steps' is required: [[stepName, { name, params }], ...]");
    }
    this.setParams(params);
  }

  /**
   * Builds a pipeline from live estimators (used as they are, not copied). Its `step__param`
   * names are typed from the steps (`PipelineParamsOf`), so `{ svc__gama: [1] }` in a grid fails to compile.
   */
  static fromSteps<const S extends readonly (readonly [string, Estimator | Transformer])[]>(steps: S): TypedPipeline<PipelineParamsOf<S>> {
    const list = steps.map(([n, e]) => [n, e] as PipelineStep);
    const p = new Pipeline({ steps: list.map(([n, e]) => [n, { name: e.name, params: e.getParams() }]) });
    p.installSteps(list);
    return p as TypedPipeline<PipelineParamsOf<S>>;
  }

  /** True when the last step gives probabilities with its current parameters (SVC needs probability: true). */
  supportsProba(): boolean {
    const last = this.last() as Estimator & { supportsProba?: () => boolean };
    if (typeof last.predictProba !== 'function') return false;
    return typeof last.supportsProba === 'function' ? last.supportsProba() : last.getParams().probability !== false;
  }

  /** The step names and estimators, in order. */
  get namedSteps(): readonly PipelineStep[] {
    return this.steps;
  }

  /** The kind of the last step. */
  get kind(): EstimatorKind {
    return this.steps.length ? this.steps[this.steps.length - 1]![1].kind : 'transformer';
  }

  /** The last step's sorted classes (classifiers). */
  get classes(): Float64Array | undefined {
    return (this.last() as Estimator).classes;
  }

  private last(): Estimator | Transformer {
    return this.steps[this.steps.length - 1]![1];
  }

  private installSteps(steps: PipelineStep[]): void {
    const seen = new Set<string>();
    steps.forEach(([name, est], i) => {
      if (!name || name.includes('__')) throw new ValidationError(`Pipeline: step name '${name}' must be non-empty and must not contain '__'`);
      if (seen.has(name)) throw new ValidationError(`Pipeline: step name '${name}' is used twice; step names must be unique`);
      seen.add(name);
      if (i < steps.length - 1 && !isTransformer(est)) {
        throw new ValidationError(`Pipeline: step '${name}' (${est.name}) is not a transformer; every step but the last must have transform()`);
      }
    });
    this.steps = steps;
    const last = steps[steps.length - 1]![1] as Estimator;
    this.predictProba = last.predictProba ? (X) => (this.last() as Estimator).predictProba!(this.transformUpToLast(X)) : undefined;
    this.decisionFunction = last.decisionFunction ? (X) => (this.last() as Estimator).decisionFunction!(this.transformUpToLast(X)) : undefined;
  }

  /** The steps as JSON specs with their current parameters. */
  stepSpecs(): PipelineStepSpec[] {
    return this.steps.map(([n, e]) => [n, { name: e.name, params: e.getParams() }]);
  }

  /** `steps` (JSON specs), each step name (its spec) and every `step__param` (scikit-learn's deep get_params). */
  override getParams(): PipelineParams {
    const out: Params = { steps: this.stepSpecs() as unknown as ParamValue };
    for (const [n, e] of this.steps) {
      out[n] = { name: e.name, params: e.getParams() };
      for (const [k, v] of Object.entries(e.getParams())) out[`${n}__${k}`] = copyParam(v);
    }
    return out as PipelineParams;
  }

  /** Routes `steps`, then whole-step replacements (`step`), then `step__param` entries to their steps. */
  override setParams(params: Partial<PipelineParams>): this {
    const entries = Object.entries(params).filter(([, v]) => v !== undefined) as [string, ParamValue][];
    const steps = entries.find(([k]) => k === 'steps');
    if (steps) this.installSteps(parseSteps(steps[1]));
    const names = (): string[] => this.steps.map(([n]) => n);
    const validList = (): string[] => ['steps', ...names(), ...this.steps.flatMap(([n, e]) => Object.keys(e.getParams()).map((k) => `${n}__${k}`))];
    const validKeys = (): string => validList().join(', ');
    // Parameters of steps replaced in this call, as they were before (see below).
    const replaced = new Map<string, Params>();
    for (const [key, value] of entries) {
      if (key === 'steps' || key.includes('__')) continue;
      const i = names().indexOf(key);
      if (i < 0) throw new ValidationError(`Pipeline: unknown parameter '${key}'${didYouMean(key, validList())}; valid parameters: ${validKeys()}`);
      const spec = parseSpec(value, `parameter '${key}'`);
      const next = [...this.steps];
      if (!replaced.has(key)) replaced.set(key, next[i]![1].getParams());
      next[i] = [key, createEstimator(spec.name, spec.params)];
      this.installSteps(next);
    }
    for (const [key, value] of entries) {
      const cut = key.indexOf('__');
      if (cut < 0) continue;
      const stepName = key.slice(0, cut);
      const step = this.steps.find(([n]) => n === stepName);
      if (!step)
        throw new ValidationError(
          `Pipeline: parameter '${key}' names no step '${stepName}'${didYouMean(key, validList())}; steps: ${names().join(', ')}; valid parameters: ${validKeys()}`,
        );
      // A search sends { ...pipeline.getParams(), ...candidate }: when the candidate replaces a
      // step, the old step's flattened parameters come along. Those the new step does not have,
      // carrying exactly the old step's value, are the old settings and are skipped.
      const param = key.slice(cut + 2);
      const before = replaced.get(stepName);
      if (before && !(param in step[1].getParams()) && param in before && JSON.stringify(before[param]) === JSON.stringify(value)) continue;
      try {
        step[1].setParams({ [param]: value });
      } catch (err) {
        throw new ValidationError(`Pipeline: cannot set '${key}': ${(err as Error).message}`);
      }
    }
    return this;
  }

  private transformUpToLast(X: Matrix): Matrix {
    let Xt = X;
    for (let i = 0; i < this.steps.length - 1; i++) Xt = (this.steps[i]![1] as Transformer).transform(Xt);
    return Xt;
  }

  /** Fits every transformer on the output of the previous one, then the last step. */
  fit(X: Matrix, y: Labels): this {
    let Xt = X;
    for (let i = 0; i < this.steps.length - 1; i++) {
      const t = this.steps[i]![1] as Transformer;
      Xt = t.fit(Xt, y).transform(Xt);
    }
    this.last().fit(Xt, y);
    return this;
  }

  predict(X: Matrix): Labels {
    const last = this.last();
    if (isTransformer(last) && last.kind === 'transformer') {
      throw new ValidationError(`Pipeline: the last step (${last.name}) is a transformer; call transform(X)`);
    }
    return (last as Estimator).predict(this.transformUpToLast(X));
  }

  /** Applies every step's transform (the last step must be a transformer). */
  transform(X: Matrix): Matrix {
    const last = this.last();
    if (!isTransformer(last)) throw new ValidationError(`Pipeline: the last step (${last.name}) has no transform()`);
    return last.transform(this.transformUpToLast(X));
  }

  /** Disposes every step that holds memory outside the JS heap (e.g. SVC). */
  dispose(): void {
    for (const [, e] of this.steps) (e as Estimator).dispose?.();
  }

  override clone(): this {
    return new Pipeline({ steps: this.stepSpecs() as unknown as ParamValue }) as this;
  }

  /** `{ name: 'Pipeline', params: { steps }, state: [each step's toJSON()] }` (state when fitted). */
  override toJSON(): SerializedEstimator {
    const stepJson = this.steps.map(([, e]) => e.toJSON());
    const fitted = stepJson.some((s) => s.state !== undefined);
    const params = { steps: this.stepSpecs() as unknown as ParamValue };
    return fitted ? { name: this.name, params, state: stepJson } : { name: this.name, params };
  }

  override setState(state: unknown): void {
    if (!Array.isArray(state) || state.length !== this.steps.length) {
      throw new ValidationError(`Pipeline: fitted state must be a list of ${this.steps.length} step JSONs (one per step)`);
    }
    this.installSteps(
      this.steps.map(([n, e], i) => {
        const s = state[i] as SerializedEstimator;
        if (!s || s.name !== e.name) throw new ValidationError(`Pipeline: state of step '${n}' is for '${s?.name}', expected '${e.name}'`);
        return [n, estimatorFromJSON(s)];
      }),
    );
  }
}

/** A pipeline's cost hint: the sum of its steps' hints, each with its `step__param` overrides (or replacement step). */
function pipelineCost(params: Params): number {
  if (!Array.isArray(params.steps)) return 1;
  let total = 0;
  for (const entry of params.steps) {
    if (!Array.isArray(entry) || typeof entry[0] !== 'string') return 1;
    const step = entry[0];
    const replaced = params[step];
    const spec = (replaced !== undefined && typeof replaced === 'object' ? replaced : entry[1]) as { name?: unknown; params?: unknown } | null;
    if (!spec || typeof spec.name !== 'string') return 1;
    const own: Params = { ...((spec.params ?? {}) as Params) };
    for (const [k, v] of Object.entries(params)) if (k.startsWith(`${step}__`)) own[k.slice(step.length + 2)] = v;
    total += costHint(spec.name, own);
  }
  return Math.max(1, total);
}

registerEstimator('Pipeline', (p) => new Pipeline(p as Partial<PipelineParams>), {
  costHint: pipelineCost,
  params: { steps: { default: [], doc: "[[stepName, { name, params }], ...]; set step parameters with 'step__param' keys" } },
  doc: 'chain of transformers and a final estimator; parameters addressed as step__param (scikit-learn)',
  restore: (est, state) => (est as Pipeline).setState(state),
});
