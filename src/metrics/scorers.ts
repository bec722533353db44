/**
 * The scorer registry: scoring strings → Scorer. Holds the built-ins from import time;
 * users add their own with `registerScorer(makeScorer(…))`.
 */
import { ValidationError } from '../errors.js';
import { builtinScorers } from './builtin-scorers.js';
import type { Scorer } from './scorer.js';

const scorers = new Map<string, Scorer>();
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

/** The scorer registered as `name`; a ValidationError lists the valid names otherwise. */
export function getScorer(name: string): Scorer {
  const s = scorers.get(name);
  if (s) return s;
  const hint = scorers.has(`neg_${name}`) ? ` (did you mean 'neg_${name}'? losses are negated so that greater is better)` : '';
  throw new ValidationError(`unknown scoring '${name}'${hint}; valid scoring strings: ${listScorers().join(', ')}`);
}
