/**
 * A search's refit started before the search knows its best candidate. While the last batch's final
 * fits run, threads they leave idle fit parts of the refit (a forest's tree ranges) of the candidate
 * leading that batch so far — one part per idle thread, so a part never waits in a queue ahead of a fit.
 * When the batch ends and that candidate is the best, the refit keeps those parts and runs the rest;
 * otherwise they are dropped (a part still running finishes first: at most one part's time). The joined
 * model is the same as a whole refit's: each part's trees are the trees of the whole forest.
 * Hand-written: piscina runs what it is given, and scikit-learn and joblib refit only after the last fit
 * (airline's halving search: the last iteration left one of two threads idle ~0.4 s before the refit).
 */
import type { DataSet } from '../data/dataset.js';
import type { Estimator, SerializedEstimator } from '../estimators/estimator.js';
import type { Executor } from '../executors/executor.js';
import { runParts } from './refit-parts.js';

/** What a speculation needs from its search. */
export interface SpeculationContext {
  executor: Executor;
  /** Fits the executor runs at once (its threads). */
  concurrency: number;
  data: DataSet;
  /** Every row index, 0 … n − 1 (the refit's rows; made once, when first needed). */
  all(): Int32Array;
  signal: AbortSignal | undefined;
  /** Candidate `index`'s refit estimator (parameters and seed as the refit sets them). */
  refitEstimator(index: number): Estimator;
}

/** One candidate's speculative refit: its parts, fitted or running. */
interface Speculated {
  candidate: number;
  est: Estimator;
  count: number;
  /** Parts started so far are 0 … next − 1. */
  next: number;
  models: Map<number, SerializedEstimator>;
  /** performance.now() when its first part started. */
  startedAt: number;
}

/** The speculative refit of one search; see the module comment. */
export class RefitSpeculation {
  private current: Speculated | undefined;
  /** Candidates found unable to split (not speculated again). */
  private readonly unsplittable = new Set<number>();
  /** Parts of any candidate running now. */
  private inFlight = 0;
  /** The last batch's jobs still running. */
  private pending = Number.POSITIVE_INFINITY;
  private stopped = false;
  private readonly runs = new Set<Promise<void>>();

  constructor(private readonly ctx: SpeculationContext) {}

  /** The last batch has `pending` jobs running and `leader` leads it (undefined: no candidate has a score yet). */
  update(pending: number, leader: number | undefined): void {
    if (this.stopped) return;
    this.pending = pending;
    if (leader === undefined || this.unsplittable.has(leader)) return;
    if (this.current?.candidate !== leader) {
      const est = this.ctx.refitEstimator(leader);
      const parts = est.fitParts?.() ?? 1;
      if (parts < 2) {
        this.unsplittable.add(leader);
        return;
      }
      // a few parts per thread: an idle thread takes one at a time, and the rest spread evenly afterwards
      const count = Math.min(parts, 4 * this.ctx.concurrency);
      this.current = { candidate: leader, est, count, next: 0, models: new Map(), startedAt: Number.NaN };
    }
    this.fill();
  }

  /** The candidate whose refit is being speculated, its part count and how many parts started (undefined: none yet). */
  get speculated(): { candidate: number; count: number; started: number } | undefined {
    const c = this.current;
    return c && { candidate: c.candidate, count: c.count, started: c.next };
  }

  /** Stops starting parts (the search failed or was aborted); parts running finish unobserved. */
  stop(): void {
    this.stopped = true;
  }

  /**
   * Candidate `candidate`'s refit parts, in part order, for `joinParts`, with when the first started: the
   * speculative ones and the rest, run now on the executor; undefined when no part of it was started
   * (nothing then runs for it here). A part that failed while speculative runs again here, so only the refit's own
   * failure is reported, as `refitParts` reports it.
   */
  async finish(candidate: number): Promise<{ models: SerializedEstimator[]; startedAt: number } | undefined> {
    this.stopped = true;
    const c = this.current;
    if (c === undefined || c.candidate !== candidate || c.next === 0) return undefined;
    const { executor, data, all, signal } = this.ctx;
    const rest: number[] = [];
    for (let i = c.next; i < c.count; i++) rest.push(i);
    const restRun = rest.length > 0 ? runParts(c.est, data, all(), c.count, rest, executor, signal) : undefined;
    // awaited below, after the speculative parts: a rejection meanwhile is not unhandled
    restRun?.catch(() => undefined);
    await this.settled();
    for (const [i, m] of (await restRun) ?? []) c.models.set(i, m);
    const failed: number[] = [];
    for (let i = 0; i < c.next; i++) if (!c.models.has(i)) failed.push(i);
    if (failed.length > 0) for (const [i, m] of await runParts(c.est, data, all(), c.count, failed, executor, signal)) c.models.set(i, m);
    return { models: Array.from({ length: c.count }, (_, i) => c.models.get(i)!), startedAt: c.startedAt };
  }

  /** Resolves when no speculative part runs. */
  async settled(): Promise<void> {
    while (this.runs.size > 0) await Promise.all([...this.runs]);
  }

  /** Starts parts of the current candidate while threads are idle. */
  private fill(): void {
    const c = this.current;
    if (c === undefined || this.stopped) return;
    while (this.inFlight + this.pending < this.ctx.concurrency && c.next < c.count) this.start(c, c.next++);
  }

  private start(c: Speculated, index: number): void {
    if (Number.isNaN(c.startedAt)) c.startedAt = performance.now();
    this.inFlight++;
    const { executor, data, all, signal } = this.ctx;
    const run: Promise<void> = runParts(c.est, data, all(), c.count, [index], executor, signal)
      .then(
        (models) => {
          c.models.set(index, models.get(index)!);
        },
        // a failed speculative part runs again if the refit needs it (see finish)
        () => undefined,
      )
      .finally(() => {
        this.inFlight--;
        this.runs.delete(run);
        this.fill();
      });
    this.runs.add(run);
  }
}
