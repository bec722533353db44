import { InlineExecutor } from './inline.js';
import type { Executor } from './executor.js';

/**
 * The executor a search uses when none is given (the search closes it when done).
 * TEMPORARY: the piscina work replaces this with PiscinaExecutor.
 */
export function createDefaultExecutor(): Executor {
  return new InlineExecutor();
}
