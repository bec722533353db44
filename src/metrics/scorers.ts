import { ValidationError } from '../errors.js';
import type { Scorer } from './scorer.js';

// TEMPORARY minimal registry; the metrics work replaces this file with the full one.
const scorers = new Map<string, Scorer>();

/** Registers a scorer under a name (custom scorers must be registered in workers too). */
export function registerScorer(scorer: Scorer): void {
  scorers.set(scorer.name, scorer);
}

/** The scorer registered as `name`; a ValidationError lists the valid names otherwise. */
export function getScorer(name: string): Scorer {
  const s = scorers.get(name);
  if (!s) throw new ValidationError(`unknown scoring '${name}'; valid: ${[...scorers.keys()].sort().join(', ')}`);
  return s;
}
