/**
 * Turns a search's `scoring` option into metric → scorer-name pairs (jobs carry names
 * only), registering custom functions under stable generated names, and checks each
 * scorer against the estimator before any job runs.
 */
import type { ClassLabel } from '../estimators/class-labels.js';
import type { Estimator } from '../estimators/estimator.js';
import { ValidationError } from '../errors.js';
import type { Scorer, ScorerFn } from '../metrics/scorer.js';
import { getScorer, hasScorer, registerScorer, scorerNameForClasses } from '../metrics/scorers.js';
import type { ScoringOption } from './types.js';

/** The resolved scoring of a search. */
export interface ResolvedScoring {
  /** Metric key → scorer name; the single-metric key is 'score'. */
  scoring: Record<string, string>;
  multimetric: boolean;
}

const customNames = new Map<ScorerFn, string>();

/**
 * Registers a custom scoring function as `custom:<metric>` (or `custom:<metric>:<n>` when
 * that name already holds another function in this process) so jobs can name it.
 * Off-thread executors resolve scorers by name in their workers: register such a scorer
 * yourself with `registerScorer` in a module given to the executor's `modules` option.
 */
export function registerCustomScorer(metric: string, fn: ScorerFn): string {
  const known = customNames.get(fn);
  if (known) return known;
  let name = `custom:${metric}`;
  for (let n = 2; hasScorer(name); n++) name = `custom:${metric}:${n}`;
  const scorer: Scorer = { name, fn, needs: 'predict' };
  registerScorer(scorer);
  customNames.set(fn, name);
  return name;
}

function defaultScorerName(est: Estimator): string {
  if (est.kind === 'classifier') return 'accuracy';
  if (est.kind === 'regressor') return 'r2';
  throw new ValidationError(`estimator ${est.name} is a ${est.kind}; a search needs a classifier or a regressor (or a Pipeline ending in one)`);
}

function isScorer(value: unknown): value is Scorer {
  return typeof value === 'object' && value !== null && typeof (value as Scorer).name === 'string' && typeof (value as Scorer).fn === 'function';
}

/** A Scorer object given as scoring (the typed handle of `makeScorer` / `registerScorer`): registered here if it is not yet. */
function scorerObjectName(scorer: Scorer): string {
  if (!hasScorer(scorer.name)) registerScorer(scorer);
  else if (getScorer(scorer.name) !== scorer) {
    throw new ValidationError(`scoring: another scorer is already registered as '${scorer.name}'; give this one another name in makeScorer`);
  }
  return scorer.name;
}

function nameOf(metric: string, value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'function') return registerCustomScorer(metric, value as ScorerFn);
  if (isScorer(value)) return scorerObjectName(value);
  throw new ValidationError(
    `scoring: metric '${metric}' must be a scorer name, a Scorer from makeScorer or a function (fittedEstimator, X, y) => number, got ${JSON.stringify(value)}`,
  );
}

/**
 * Resolves `scoring` (string, function, list of names, or record) into metric → scorer
 * name, as scikit-learn's `check_scoring` / `_check_multimetric_scoring`.
 */
export function resolveScoring(option: ScoringOption | undefined, est: Estimator): ResolvedScoring {
  if (option === undefined || option === null) return { scoring: { score: defaultScorerName(est) }, multimetric: false };
  if (typeof option === 'string' || typeof option === 'function' || isScorer(option)) {
    return { scoring: { score: nameOf('score', option) }, multimetric: false };
  }
  if (Array.isArray(option)) {
    const list = option as readonly unknown[];
    if (list.length === 0) throw new ValidationError('scoring: an empty list; give at least one scorer name');
    const scoring: Record<string, string> = {};
    for (const [i, item] of list.entries()) {
      if (typeof item !== 'string' && !isScorer(item)) {
        throw new ValidationError(
          `scoring[${i}]: a list must hold scorer names or Scorers from makeScorer (use a record { name: fn } for custom functions), got ${typeof item}`,
        );
      }
      const v = typeof item === 'string' ? item : scorerObjectName(item);
      if (v in scoring) throw new ValidationError(`scoring: '${v}' appears twice in the list; each metric must be unique`);
      scoring[v] = v;
    }
    return { scoring, multimetric: true };
  }
  if (typeof option === 'object') {
    const entries = Object.entries(option as Record<string, unknown>);
    if (entries.length === 0) throw new ValidationError('scoring: an empty record; give at least one metric');
    const scoring: Record<string, string> = {};
    for (const [metric, v] of entries) scoring[metric] = nameOf(metric, v);
    return { scoring, multimetric: true };
  }
  throw new ValidationError(`scoring: expected a scorer name, a function, a list or a record, got ${String(option)}`);
}

/**
 * The scoring a search on `classes` (its sorted class names; undefined for numeric labels) hands
 * its jobs: a scorer whose options name classes (`makeScorer(…, { posLabel: 'yes' })`) is
 * resolved against them — as scikit-learn's scorers compare names — before any job runs.
 */
export function scoringForClasses(scoring: Record<string, string>, classes: readonly ClassLabel[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [metric, name] of Object.entries(scoring)) out[metric] = scorerNameForClasses(name, classes);
  return out;
}

/**
 * Checks every scorer exists (an unknown name lists the valid ones) and that the
 * estimator can give what it needs (predictProba / decisionFunction, classifier-only metrics).
 */
export function checkScorers(scoring: Record<string, string>, est: Estimator): void {
  for (const [metric, name] of Object.entries(scoring)) {
    const scorer = getScorer(name);
    const where = metric === name || metric === 'score' ? `scoring '${name}'` : `scoring '${metric}' (${name})`;
    if (scorer.classifierOnly && est.kind !== 'classifier') {
      throw new ValidationError(
        `${where} is defined for classifiers only, but ${est.name} is a ${est.kind}; choose a regression metric such as 'r2' or 'neg_mean_squared_error'`,
      );
    }
    if (scorer.needs === 'proba' && !supportsProba(est)) {
      throw new ValidationError(
        `${where} needs predictProba, which ${est.name} does not provide${probaHint(est)}; choose a metric computed from predict, such as 'accuracy'`,
      );
    }
    if (scorer.needs === 'decision' && typeof est.decisionFunction !== 'function' && !supportsProba(est)) {
      throw new ValidationError(
        `${where} needs decisionFunction or predictProba, and ${est.name} has neither; choose a metric computed from predict, such as 'accuracy'`,
      );
    }
  }
}

/** True when the estimator offers class probabilities with its current parameters. */
function supportsProba(est: Estimator): boolean {
  if (typeof est.predictProba !== 'function') return false;
  const probe = (est as { supportsProba?: () => boolean }).supportsProba;
  if (typeof probe === 'function') return probe.call(est);
  // scikit-learn's convention (SVC): predictProba exists only with probability: true
  return est.getParams().probability !== false;
}

function probaHint(est: Estimator): string {
  return typeof est.predictProba === 'function' ? ' with its current parameters (e.g. SVC needs probability: true)' : '';
}
