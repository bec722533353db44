import type { DataSet } from '../data/dataset.js';
import { hasEstimator, listEstimators } from '../estimators/registry.js';
import { ValidationError } from '../errors.js';
import { fitAndScore } from '../jobs/fit-and-score.js';
import type { FitJob, FitResult } from '../jobs/types.js';
import type { Executor, ExecutorActivity, RunOptions } from './executor.js';

/**
 * Runs every job in this thread, in order: for debugging, tests and tiny
 * searches. Same results as every other executor (they all call fitAndScore).
 */
export class InlineExecutor implements Executor {
  readonly kind = 'inline';
  private runs = 0;

  /** One fit per run in progress: they run in this thread, so a live view only looks between two of them. */
  activity(): ExecutorActivity {
    return { running: this.runs, unit: 'fits' };
  }

  async validate(jobs: readonly FitJob[]): Promise<void> {
    for (const j of jobs) {
      if (!hasEstimator(j.estimator.name)) {
        throw new ValidationError(`unknown estimator '${j.estimator.name}' (candidate ${j.candidateIndex}); registered: ${listEstimators().join(', ')}`);
      }
    }
  }

  async *run(data: DataSet, jobs: readonly FitJob[], options: RunOptions = {}): AsyncIterable<FitResult> {
    this.runs++;
    try {
      for (const job of jobs) {
        if (options.signal?.aborted) return;
        const r = fitAndScore(job, data, 'inline');
        options.onResult?.(r);
        yield r;
        // let timers / abort handlers run between fits
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    } finally {
      this.runs--;
    }
  }

  async close(): Promise<void> {}
}
