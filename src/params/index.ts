export { ParameterGrid, type GridSpace } from './grid.js';
export { ParameterSampler, type ParameterSamplerOptions, type SampleSpace } from './sampler.js';
export {
  uniform,
  loguniform,
  randint,
  isDistribution,
  distributionFrom,
  type Distribution,
  type DistributionKind,
  type DistributionJSON,
} from './distributions.js';
export { parseSpace, spaceToJSON, type ParseSpaceOptions } from './parse-space.js';
export { validateSpace, type ParamOwner } from './validate-space.js';
export { makeRng, type Rng } from './rng.js';
// Parameter rules (ParamSpec.accepts) and the checks run before any fit (issue 13).
export {
  rule,
  matchesRule,
  describeRule,
  describeRules,
  valueProblem,
  supportProblem,
  type ParamRule,
  type NumericRule,
  type ChoiceRule,
  type SimpleRule,
} from './rules.js';
export { checkParamValue, checkSpaceValues, checkCandidateValues, resolveParamSpec, type SpecOwner } from './check-values.js';
