/**
 * The scorer registry: scoring strings → Scorer. Holds the built-ins from import time;
 * users add their own with `registerScorer(makeScorer(…))`.
 */
import type { ClassLabel } from '../estimators/class-labels.js';
import { ValidationError } from '../errors.js';
import { builtinScorers } from './builtin-scorers.js';
import type { Scorer } from './scorer.js';

const scorers = new Map<string, Scorer>();

/**
 * Joins a scorer name and a search's classes: `f1_yes@classes=["no","yes"]`. Jobs carry only
 * scorer names, so a scorer whose options name classes travels to every executor this way and
 * is resolved against the classes where it runs (`getScorer`).
 */
const CLASSES_MARK = '@classes=';

/** Scorers resolved against classes, by their joined name (a search uses one or two). */
const bound = new Map<string, Scorer>();
const BOUND_MAX = 64;
const builtinNames = new Set<string>();
for (const s of builtinScorers()) {
  scorers.set(s.name, s);
  builtinNames.add(s.name);
}

/**
 * Registers a scorer under its name, so searches (and worker threads that import the same
 * module) can use it by name. Replacing a built-in scoring string is an error. Returns the
 * scorer: a typed handle to pass as a search's `scoring` (or declare its name in `ScorerNames`).
 */
export function registerScorer<N extends string>(scorer: Scorer<N>): Scorer<N> {
  if (typeof scorer !== 'object' || scorer === null || typeof scorer.name !== 'string' || scorer.name.length === 0) {
    throw new ValidationError('registerScorer: expected a Scorer { name, fn, needs } with a non-empty name (build one with makeScorer)');
  }
  if (typeof scorer.fn !== 'function') throw new ValidationError(`registerScorer('${scorer.name}'): fn must be a function (estimator, X, y) => number`);
  if (!['predict', 'proba', 'decision'].includes(scorer.needs)) {
    throw new ValidationError(`registerScorer('${scorer.name}'): needs must be 'predict', 'proba' or 'decision', got ${JSON.stringify(scorer.needs)}`);
  }
  if (builtinNames.has(scorer.name) && scorers.get(scorer.name) !== scorer) {
    throw new ValidationError(`registerScorer: '${scorer.name}' is a built-in scoring string; register your scorer under another name`);
  }
  scorers.set(scorer.name, scorer);
  bound.clear();
  return scorer;
}

/** True when a scorer is registered as `name`. */
export function hasScorer(name: string): boolean {
  return scorers.has(name);
}

/** Every registered scoring string, sorted (scikit-learn's `get_scorer_names`). */
export function listScorers(): string[] {
  return [...scorers.keys()].sort();
}

/**
 * The scoring string a search on `classes` (undefined: numeric labels) gives its jobs for
 * scorer `name`: `name` itself, or — when the scorer's options name classes (makeScorer's
 * `posLabel: 'yes'`) — `name` joined with the classes, checked here (before any job runs):
 * a named label that is not a class is a ValidationError naming it and the classes.
 */
export function scorerNameForClasses(name: string, classes: readonly ClassLabel[] | undefined): string {
  const s = getScorer(name);
  if (!s.forClasses) return name;
  const joined = `${name}${CLASSES_MARK}${JSON.stringify(classes ?? null)}`;
  if (!bound.has(joined)) remember(joined, s.forClasses(classes));
  return joined;
}

function remember(joined: string, s: Scorer): void {
  if (bound.size >= BOUND_MAX) bound.clear();
  bound.set(joined, s);
}

function boundScorer(name: string): Scorer | undefined {
  const at = name.indexOf(CLASSES_MARK);
  if (at < 0) return undefined;
  let s = bound.get(name);
  if (s) return s;
  const base = getScorer(name.slice(0, at));
  let classes: unknown;
  try {
    classes = JSON.parse(name.slice(at + CLASSES_MARK.length));
  } catch {
    classes = undefined;
  }
  const valid = classes === null || (Array.isArray(classes) && classes.every((c) => ['string', 'number', 'boolean'].includes(typeof c)));
  if (!valid || !base.forClasses) {
    throw new ValidationError(
      `scoring '${name}': malformed; expected '<scorer>${CLASSES_MARK}<JSON array of class labels>' for a scorer whose options name classes`,
    );
  }
  s = base.forClasses(classes === null ? undefined : (classes as ClassLabel[]));
  remember(name, s);
  return s;
}

/** The scorer registered as `name`; a ValidationError lists the valid names otherwise. */
export function getScorer(name: string): Scorer {
  const s = scorers.get(name) ?? boundScorer(name);
  if (s) return s;
  const hint = scorers.has(`neg_${name}`) ? ` (did you mean 'neg_${name}'? losses are negated so that greater is better)` : '';
  throw new ValidationError(`unknown scoring '${name}'${hint}; valid scoring strings: ${listScorers().join(', ')}`);
}
