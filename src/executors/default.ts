import { availableParallelism } from 'node:os';
import type { Executor } from './executor.js';
import { PiscinaExecutor } from './piscina/executor.js';

/**
 * The pool a search creates for itself. Its `close()` terminates the threads but does not
 * wait for them to exit (5–130 ms measured on a loaded 2-core machine): the search returns
 * while they wind down, as joblib's workers outlive scikit-learn's `fit`. A PiscinaExecutor
 * you create yourself keeps the waiting `close()`.
 */
class SearchOwnedPool extends PiscinaExecutor {
  override close(): Promise<void> {
    super.close().catch(() => undefined);
    return Promise.resolve();
  }
}

/**
 * The executor a search uses when none is given: a PiscinaExecutor with one
 * thread per core (the search closes it when done). Its threads start at once
 * — an empty probe — so they load while the search builds its jobs.
 */
export function createDefaultExecutor(): Executor {
  const threads = availableParallelism();
  const executor = new SearchOwnedPool({ maxThreads: threads, minThreads: threads });
  // a failure to start surfaces again, with its message, from the search's own probe (validate)
  executor.validate([]).catch(() => undefined);
  return executor;
}
