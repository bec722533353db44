/**
 * Checks parameter values against the estimator's declared `ParamSpec.accepts` before any
 * fit: every value of a grid's lists, every distribution's support, every candidate of a
 * batch, and the estimator's own fixed parameters. Pipeline keys (`step__param`) are
 * checked against the step's estimator. Estimators that declare no rules are not checked
 * here (their fit still is).
 */
import type { ParamSpec, ParamValue, Params } from '../estimators/estimator.js';
import { describeEstimator, hasEstimator } from '../estimators/registry.js';
import { ValidationError } from '../errors.js';
import { isDistribution, type Distribution } from './distributions.js';
import { supportProblem, valueProblem } from './rules.js';

/** What the checks need of an estimator: its registry name and its current parameters. */
export interface SpecOwner {
  readonly name: string;
  getParams(): Params;
}

const show = (v: unknown): string => (typeof v === 'number' ? String(v) : (JSON.stringify(v) ?? String(v)));

/** The estimator name, parameter name and spec that `key` addresses on estimator `name` with `params`. */
export function resolveParamSpec(name: string, params: Params, key: string): { owner: string; param: string; spec?: ParamSpec } {
  const cut = key.indexOf('__');
  if (cut > 0) {
    // a Pipeline step's parameter: `params[step]` is that step's { name, params }
    const step = Object.hasOwn(params, key.slice(0, cut)) ? params[key.slice(0, cut)] : undefined;
    if (step !== null && typeof step === 'object' && !Array.isArray(step) && typeof step.name === 'string') {
      const inner = step.params !== null && typeof step.params === 'object' && !Array.isArray(step.params) ? (step.params as Params) : {};
      return resolveParamSpec(step.name, inner, key.slice(cut + 2));
    }
  }
  const specs = hasEstimator(name) ? describeEstimator(name).params : undefined;
  return { owner: name, param: key, spec: specs && Object.hasOwn(specs, key) ? specs[key] : undefined };
}

/** Throws a ValidationError when `value` is not one of the forms `key` accepts (`where` says which value it is). */
export function checkParamValue(est: SpecOwner, base: Params, key: string, value: ParamValue, where: string): void {
  const { owner, param, spec } = resolveParamSpec(est.name, base, key);
  const want = valueProblem(value, spec?.accepts);
  if (want === undefined) return;
  const of = owner === est.name ? est.name : `${owner} (in ${est.name} '${key}')`;
  throw new ValidationError(`parameter '${param}' of ${of} must be ${want}, got ${show(value)} (${where}); fix it before searching — no fit was run`);
}

/** The interval of values a distribution draws, and whether they are integers (undefined: unknown kind). */
function supportOf(d: Distribution): { low: number; high: number; integers: boolean } | undefined {
  const [a, b] = d.args;
  if (d.kind === 'uniform') return { low: a, high: a + b, integers: false };
  if (d.kind === 'loguniform') return { low: a, high: b, integers: false };
  if (d.kind === 'randint') return { low: a, high: b - 1, integers: true };
  return undefined;
}

/**
 * Checks every value of a grid or sampling space (lists value by value, distributions
 * over their whole support) and the estimator's fixed parameters that no space overrides.
 */
export function checkSpaceValues(space: object | readonly object[], est: SpecOwner): void {
  const spaces = (Array.isArray(space) ? space : [space]) as Record<string, unknown>[];
  const base = est.getParams();
  const searched = new Set(spaces.flatMap((s) => Object.keys(s)));
  for (const key of Object.keys(base)) {
    if (!searched.has(key)) checkParamValue(est, base, key, base[key]!, `the estimator's own value`);
  }
  spaces.forEach((s, i) => {
    const dict = Array.isArray(space) ? ` of space ${i}` : '';
    for (const [key, v] of Object.entries(s)) {
      if (Array.isArray(v)) {
        v.forEach((x, j) => checkParamValue(est, base, key, x as ParamValue, `value ${j} of '${key}'${dict}`));
        continue;
      }
      if (!isDistribution(v)) continue;
      const support = supportOf(v);
      if (!support) continue;
      const { owner, param, spec } = resolveParamSpec(est.name, base, key);
      const want = supportProblem(support.low, support.high, support.integers, spec?.accepts);
      if (want === undefined) continue;
      const drawn = support.integers ? `integers ${support.low}…${support.high}` : `values in [${support.low}, ${support.high}]`;
      throw new ValidationError(
        `parameter '${param}' of ${owner} must be ${want}, but ${show(v.toJSON())}${dict} draws ${drawn}; narrow the distribution before searching — no fit was run`,
      );
    }
  });
}

/** Checks each candidate's values (a batch from any search strategy) against the estimator's specs. */
export function checkCandidateValues(est: SpecOwner, base: Params, candidates: readonly Params[]): void {
  const pipeline = Object.keys(base).some((k) => k.includes('__'));
  if (pipeline) {
    candidates.forEach((cand, c) => {
      const merged = { ...base, ...cand };
      for (const key of Object.keys(cand)) checkParamValue(est, merged, key, cand[key]!, `candidate ${c}`);
    });
    return;
  }
  // without Pipeline steps a key's spec does not depend on the candidate: looked up once per key
  const rules = new Map<string, ParamSpec['accepts']>();
  for (let c = 0; c < candidates.length; c++) {
    const cand = candidates[c]!;
    for (const key of Object.keys(cand)) {
      let accepts = rules.get(key);
      if (accepts === undefined && !rules.has(key)) {
        accepts = resolveParamSpec(est.name, base, key).spec?.accepts;
        rules.set(key, accepts);
      }
      if (valueProblem(cand[key], accepts) !== undefined) checkParamValue(est, base, key, cand[key]!, `candidate ${c}`);
    }
  }
}
