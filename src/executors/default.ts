import { availableParallelism } from 'node:os';
import type { Executor } from './executor.js';
import { PiscinaExecutor } from './piscina/executor.js';

/**
 * The executor a search uses when none is given: a PiscinaExecutor with one
 * thread per core (the search closes it when done). Its threads start at once
 * — an empty probe — so they load while the search builds its jobs.
 */
export function createDefaultExecutor(): Executor {
  const threads = availableParallelism();
  const executor = new PiscinaExecutor({ maxThreads: threads, minThreads: threads });
  // a failure to start surfaces again, with its message, from the search's own probe (validate)
  executor.validate([]).catch(() => undefined);
  return executor;
}
