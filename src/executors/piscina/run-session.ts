import { setMaxListeners } from 'node:events';
import type { Piscina } from 'piscina';
import { infrastructureFailure } from '../../jobs/failures.js';
import { fitTimeoutFailure } from '../../jobs/fit-timeout.js';
import type { DataSet } from '../../data/dataset.js';
import { ExecutorError } from '../../errors.js';
import type { FitFailure, FitJob, FitResult } from '../../jobs/types.js';
import { CostModel } from './cost.js';
import { DispatchQueue } from './dispatch-queue.js';
import type { Attachments, BatchTask, PoolReply } from './messages.js';
import type { ResolvedPoolOptions } from './options.js';
import type { FoldTable } from './fold-table.js';
import { shareDataSet } from './shared-data.js';
import { buildSpecTable } from './spec-table.js';
import { decodeResult, encodeBatch } from './wire.js';

/** Counters of one run, for benchmarks and logs. */
export interface RunStats {
  jobs: number;
  batches: number;
  largestBatch: number;
  /** Batches resent because a thread lacked the data set, folds or status array (once per thread). */
  resends: number;
  /** Jobs retried alone because their thread died while running them. */
  retried: number;
  /** Jobs recorded as infrastructure failures (their thread died twice). */
  lost: number;
}

const STATUS_RUNNING = 1;

/**
 * What a run needs from its jobs alone: the cost model, the spec table, the dispatch queue and
 * the run's fold ids. Built once per run — by PiscinaExecutor.validate while the pool's threads
 * start, so the threads do not wait for it once they answer (5,000 jobs: ~5 ms), else by `run`.
 */
export interface RunPlan {
  jobs: readonly FitJob[];
  /** The table `runFolds` are ids in. */
  folds: FoldTable;
  model: CostModel;
  specs: ReturnType<typeof buildSpecTable>;
  queue: DispatchQueue;
  /** The FoldTable ids of every job's train and test rows. */
  runFolds: number[];
}

/** Plans a run of `jobs` whose folds are interned in `folds` (one plan serves one run: its queue is consumed). */
export function planRun(jobs: readonly FitJob[], folds: FoldTable, order: ResolvedPoolOptions['order']): RunPlan {
  const model = new CostModel(jobs);
  const runFolds = new Set<number>();
  for (const j of jobs) runFolds.add(folds.intern(j.train)).add(folds.intern(j.test));
  return { jobs, folds, model, specs: buildSpecTable(jobs), queue: new DispatchQueue(jobs, model, order), runFolds: [...runFolds] };
}

/** What piscina rejects a task with when it terminated the task's thread itself (another task on it was aborted). */
const THREAD_TERMINATION = 'Terminating worker thread';

/** A batch on its way: its jobs, the signal that cancels it alone, and the job that ran past fitTimeout (if any). */
interface Flight {
  batch: number[];
  /** Cancels this batch alone (only in runs with a fitTimeout, whose watchdog stops single batches); else the run's signal cancels it. */
  controller?: AbortController;
  timedOut?: number;
  /** Taken back from piscina's queue after a fitTimeout terminated a thread (see requeueWaiting). */
  requeued?: boolean;
}

/**
 * One `run` of a PiscinaExecutor: hands out batches (costliest first, sized
 * from measured fit times), resends shared resources a thread lacks, turns
 * thread deaths into retries, and delivers each result once, as it lands.
 */
export class RunSession {
  readonly stats: RunStats;
  private readonly model: CostModel;
  private readonly specs: ReturnType<typeof buildSpecTable>;
  private readonly queue: DispatchQueue;
  private readonly status: Int32Array;
  /** Each job's start time (`Date.now()` ms), written by the thread that runs it. */
  private readonly started: Float64Array;
  private readonly flights = new Set<Flight>();
  /** Smallest fitTimeout of the run's jobs (seconds), or Infinity: no watchdog. */
  private readonly minFitTimeout: number;
  private readonly deaths: Uint8Array;
  private readonly delivered: Uint8Array;
  private readonly abort = new AbortController();
  /**
   * Mirrors `abort.signal.aborted` for the per-batch and per-result paths: Node builds each AbortSignal by
   * re-prototyping an EventTarget, and a full GC drops V8's cached transition, so every run's signal has a
   * new map and optimized code that read `.aborted` deoptimized (and was compiled again) in every run.
   */
  private cancelled = false;
  private readonly ready: FitResult[] = [];
  private readHead = 0;
  private remaining: number;
  private inFlight = 0;
  private wake: (() => void) | undefined;
  private fatal: unknown;
  private readonly runFolds: number[];
  private readonly jobs: readonly FitJob[];
  /** One-off pools whose batch is being resent with attachments (not destroyed yet). */
  private readonly resending = new Set<Piscina>();

  constructor(
    private readonly pool: Piscina,
    private readonly runId: number,
    private readonly data: DataSet,
    plan: RunPlan,
    private readonly folds: FoldTable,
    private readonly options: ResolvedPoolOptions,
    private readonly onResult: ((r: FitResult) => void) | undefined,
    private readonly onSettle: () => void,
    /** A one-thread pool on a brand-new thread, for a job whose thread died (destroyed after the job). */
    private readonly spawnFresh: () => Piscina,
    private readonly releaseFresh: (pool: Piscina) => Promise<void>,
  ) {
    const jobs = plan.jobs;
    this.jobs = jobs;
    this.model = plan.model;
    this.specs = plan.specs;
    this.queue = plan.queue;
    this.status = new Int32Array(new SharedArrayBuffer(Math.max(1, jobs.length) * 4));
    this.started = new Float64Array(new SharedArrayBuffer(Math.max(1, jobs.length) * 8));
    let minFitTimeout = Infinity;
    for (const j of jobs) if (j.fitTimeout !== undefined && j.fitTimeout < minFitTimeout) minFitTimeout = j.fitTimeout;
    this.minFitTimeout = minFitTimeout;
    this.deaths = new Uint8Array(jobs.length);
    this.delivered = new Uint8Array(jobs.length);
    this.remaining = jobs.length;
    this.runFolds = plan.runFolds;
    // every batch in flight listens to the run's signal (piscina removes each listener when its task settles)
    setMaxListeners(2 * options.maxThreads + 8, this.abort.signal);
    this.stats = { jobs: jobs.length, batches: 0, largestBatch: 0, resends: 0, retried: 0, lost: 0 };
  }

  /** Fits running now: started by a thread (status 1 in the shared array) and not delivered. */
  running(): number {
    let n = 0;
    for (const f of this.flights) for (const i of f.batch) if (!this.delivered[i] && Atomics.load(this.status, i) === STATUS_RUNNING) n++;
    return n;
  }

  /** Stops dispatch; running batches are abandoned (piscina terminates their threads). */
  cancel(): void {
    this.cancelled = true;
    this.abort.abort();
    for (const f of this.flights) f.controller?.abort();
    this.notify();
  }

  /**
   * The fitTimeout watchdog (one tick every fifth of the smallest timeout, 10–500 ms):
   * a job whose thread has run it past its fitTimeout is recorded as a FitTimeoutError
   * and its batch aborted — piscina then terminates that thread (its own behaviour for an
   * aborted running task) and starts another on demand; the batch's other jobs go back to the queue.
   */
  private watch(): void {
    const now = Date.now();
    for (const f of this.flights) {
      if (f.timedOut !== undefined) continue;
      for (const i of f.batch) {
        if (this.delivered[i] || Atomics.load(this.status, i) !== STATUS_RUNNING) continue;
        const limit = this.jobs[i]!.fitTimeout;
        const elapsed = (now - this.started[i]!) / 1000;
        if (limit === undefined || elapsed <= limit) continue;
        f.timedOut = i;
        const job = this.jobs[i]!;
        if (!this.model.observe(job.candidateIndex, elapsed)) this.queue.update(job.candidateIndex);
        else this.queue.rebuild();
        const stopped = fitTimeoutFailure(job, elapsed, 'stopped: the pool thread running it was terminated and replaced');
        this.deliver(i, { ...stopped, startedAt: this.started[i]!, endedAt: now });
        f.controller?.abort();
        break;
      }
    }
  }

  private notify(): void {
    const w = this.wake;
    this.wake = undefined;
    w?.();
  }

  private deliver(i: number, r: FitResult): void {
    if (this.delivered[i]) return;
    this.delivered[i] = 1;
    this.remaining -= 1;
    try {
      this.onResult?.(r);
    } catch (err) {
      this.fatal ??= err;
      this.cancel();
    }
    this.ready.push(r);
  }

  private pump(): void {
    const maxInFlight = 2 * this.options.maxThreads;
    while (!this.cancelled && this.inFlight < maxInFlight && this.queue.pending > 0) {
      const cap = Math.max(1, Math.ceil(this.queue.pending / (2 * this.options.maxThreads)));
      // the cap shares the end of a run out between the threads; below a tenth of batchTargetMs of work a
      // batch is not split further: its round trip (the main thread delivers the last batch's results first)
      // costs more than the imbalance (measured: the last 400 no-op fits went out in 14 batches over 39 ms)
      const next = this.queue.next(this.options.batchTargetMs / 1000, cap, this.options.batchTargetMs / 10_000);
      if (!next) break;
      // the run's first batches carry the shared resources (handles: nothing is copied), so the threads
      // starting the run need no 'missing' round trip; a thread first reached later still asks for them
      const attach = this.stats.batches < maxInFlight ? this.attachments() : undefined;
      if (next.retry) this.send(next.jobs, attach, this.spawnFresh(), false);
      else this.send(next.jobs, attach, this.pool, false);
    }
  }

  /** Everything a thread may lack for this run: the data set, the run's folds and its status arrays and spec table. */
  private attachments(): Attachments {
    return {
      data: shareDataSet(this.data),
      run: { status: this.status, started: this.started, specs: this.specs.table },
      folds: Object.fromEntries(this.runFolds.map((id) => [id, this.folds.get(id)])),
    };
  }

  /** Posts jobs `batch` to `pool` (`resend`: again, with `attach`, after its thread reported what it lacked). */
  private send(batch: number[], attach: Attachments | undefined, pool: Piscina, resend: boolean): void {
    const task: BatchTask = encodeBatch(this.jobs, batch, this.specs.specOfJob, this.folds, {
      run: this.runId,
      dataKey: shareDataSet(this.data).key,
      dataId: this.data.id,
    });
    if (attach) task.attach = attach;
    if (!resend) {
      this.stats.batches += 1;
      this.stats.largestBatch = Math.max(this.stats.largestBatch, batch.length);
    }
    this.inFlight += 1;
    // an AbortController per batch only where the fitTimeout watchdog may stop one batch (creating one costs ~50 µs)
    const flight: Flight = { batch, controller: Number.isFinite(this.minFitTimeout) ? new AbortController() : undefined };
    if (this.cancelled) flight.controller?.abort();
    this.flights.add(flight);
    pool
      .run(task, { signal: flight.controller?.signal ?? this.abort.signal })
      .then(
        (reply: PoolReply) => this.onReply(batch, reply, pool, attach !== undefined),
        (err: unknown) => {
          if (flight.requeued) this.putBack(batch);
          else if (flight.timedOut !== undefined) {
            this.putBack(batch);
            this.requeueWaiting();
          } else this.onCrash(batch, err);
        },
      )
      .catch((err: unknown) => {
        // a bug here, or an onResult that threw: end the run with it rather than leave a rejection unhandled
        this.fatal ??= err;
        this.cancel();
      })
      .finally(() => {
        this.flights.delete(flight);
        if (pool !== this.pool && !this.resending.has(pool)) void this.releaseFresh(pool);
        this.resending.delete(pool);
        this.inFlight -= 1;
        this.onSettle();
        this.pump();
        this.notify();
      });
  }

  private onReply(batch: number[], reply: PoolReply, pool: Piscina, hadAttachments: boolean): void {
    if (this.cancelled) return;
    if (reply.kind === 'missing') {
      if (hadAttachments)
        throw new ExecutorError('a pool thread still lacks the data set, folds or run table it was just sent; this is a bug in PiscinaExecutor');
      this.stats.resends += 1;
      // everything at once (SharedArrayBuffer handles, nothing is copied): the resend may land on another thread
      if (pool !== this.pool) this.resending.add(pool);
      this.send(batch, this.attachments(), pool, true);
      return;
    }
    if (reply.kind !== 'done') throw new ExecutorError(`a pool thread answered a batch with '${reply.kind}'; this is a bug in PiscinaExecutor`);
    let rebuild = false;
    for (let k = 0; k < batch.length; k++) {
      const i = batch[k]!;
      const job = this.jobs[i]!;
      rebuild = this.model.observe(job.candidateIndex, reply.seconds[k]!) || rebuild;
      if (!rebuild) this.queue.update(job.candidateIndex);
      this.deliver(i, decodeResult(reply, k, job));
    }
    if (rebuild) this.queue.rebuild();
  }

  /**
   * The batch's thread died: the job it was running (status 1) is charged a
   * death and retried alone — or recorded as an infrastructure failure after
   * its second (on a one-off thread, so neither another job's state nor a
   * thread that ran earlier fits can kill it); the batch's other unfinished jobs go back to the queue
   * uncharged. If no job was running (the thread died between jobs or while
   * starting), every unfinished job of the batch is charged.
   */
  private onCrash(batch: number[], err: unknown): void {
    if (this.cancelled) return;
    const reason = err instanceof Error ? err.message : String(err);
    // piscina terminated this thread on purpose (a fitTimeout on another batch it held): nobody's fault
    if (reason === THREAD_TERMINATION) {
      this.putBack(batch);
      return;
    }
    const unfinished = batch.filter((i) => !this.delivered[i]);
    const running = unfinished.filter((i) => Atomics.load(this.status, i) === STATUS_RUNNING);
    const charged = new Set(running.length > 0 ? running : unfinished);
    for (const i of unfinished) {
      Atomics.store(this.status, i, 0);
      if (!charged.has(i)) {
        this.queue.putBack(i);
        continue;
      }
      this.deaths[i]! += 1;
      if (this.deaths[i]! >= 2) {
        this.stats.lost += 1;
        this.deliver(i, this.infrastructureFailure(i, reason));
      } else {
        this.stats.retried += 1;
        this.queue.retry(i);
      }
    }
  }

  /**
   * piscina starts a thread (above minThreads) only when a task is submitted, so batches already
   * waiting in its queue when a fitTimeout terminated a thread would wait for ever (measured: a
   * 2-thread search hung with one batch queued after both threads were terminated). Batches none
   * of whose jobs has started are taken back and sent again, which starts the replacement threads.
   */
  private requeueWaiting(): void {
    for (const f of this.flights) {
      if (f.timedOut !== undefined || f.requeued) continue;
      if (f.batch.every((i) => !this.delivered[i] && Atomics.load(this.status, i) === 0)) {
        f.requeued = true;
        f.controller?.abort();
      }
    }
  }

  /** Puts a batch's unfinished jobs back in the queue, uncharged (their thread was terminated on purpose). */
  private putBack(batch: number[]): void {
    if (this.cancelled) return;
    for (const i of batch) {
      if (this.delivered[i]) continue;
      Atomics.store(this.status, i, 0);
      this.queue.putBack(i);
    }
  }

  private infrastructureFailure(i: number, reason: string): FitFailure {
    return infrastructureFailure(
      this.jobs[i]!,
      `the pool thread running this job died twice (last: ${reason}); the job was retried once on a fresh thread ` +
        `and not again. A fit that calls process.exit, throws outside fitAndScore or runs out of memory kills its thread; ` +
        `run it with InlineExecutor to see the error.`,
      this.deaths[i]!,
    );
  }

  /** Yields each result as it lands; ends when all are in or the run is cancelled, then calls `onEnd`. */
  async *results(onEnd: () => void): AsyncGenerator<FitResult> {
    const watchdog = Number.isFinite(this.minFitTimeout)
      ? setInterval(() => this.watch(), Math.min(500, Math.max(10, (this.minFitTimeout * 1000) / 5)))
      : undefined;
    try {
      this.pump();
      for (;;) {
        if (this.fatal !== undefined) throw this.fatal;
        if (this.readHead < this.ready.length) {
          const r = this.ready[this.readHead]!;
          this.ready[this.readHead++] = undefined as never;
          yield r;
          continue;
        }
        if (this.cancelled || this.remaining === 0) return;
        await new Promise<void>((resolve) => (this.wake = resolve));
      }
    } finally {
      clearInterval(watchdog);
      if (this.remaining > 0) this.cancel();
      onEnd();
    }
  }
}
