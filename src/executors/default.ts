import type { Executor } from './executor.js';
import { PiscinaExecutor } from './piscina/executor.js';

/**
 * The executor a search uses when none is given: a PiscinaExecutor with one
 * thread per core (the search closes it when done).
 */
export function createDefaultExecutor(): Executor {
  return new PiscinaExecutor();
}
