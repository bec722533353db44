import type { Worker } from 'node:worker_threads';
import { Piscina } from 'piscina';
import type { DataSet, DerivedPayload } from '../../data/dataset.js';
import type { Labels, Matrix } from '../../data/matrix.js';
import { ValidationError } from '../../errors.js';
import type { FitJob, FitResult } from '../../jobs/types.js';
import type { Executor, ExecutorActivity, RunOptions } from '../executor.js';
import type { PoolReply, PoolTask, PoolWorkerData, ProbeReply } from './messages.js';
import { resolvePoolOptions, tsLoaderUrl, workerEntryUrl, type PiscinaExecutorOptions, type ResolvedPoolOptions } from './options.js';
import { planRun, RunSession, type RunPlan, type RunStats } from './run-session.js';
import { FoldTable } from './fold-table.js';
import { toShared } from './shared-data.js';
import { optionName, PRELOAD_FLAGS } from './preload-flags.js';

/**
 * The default executor: runs jobs on a piscina pool of worker threads on this
 * machine. The data set goes to each thread once in SharedArrayBuffers; jobs
 * travel as small messages in adaptive batches, costliest first; results
 * stream back as they finish; a thread that dies costs only its running job,
 * which is retried once on a fresh thread.
 */
export class PiscinaExecutor implements Executor {
  readonly kind = 'piscina';
  /** The options in force (defaults filled in). */
  readonly options: ResolvedPoolOptions;
  private pool: Piscina<PoolTask, PoolReply> | undefined;
  private readonly seen = new Map<Worker, Promise<void>>();
  private readonly foldTables = new Map<string, FoldTable>();
  private readonly sessions = new Set<RunSession>();
  private readonly oneOff = new Set<Piscina<PoolTask, PoolReply>>();
  private runs = 0;
  private closed = false;
  private stats: RunStats | undefined;
  /** The estimators the pool's threads load as they start (the first `warmUp`'s). */
  private preloadNames: PoolWorkerData['preload'];
  /** The probe sent by `warmUp`, until `validate` reads it. */
  private warm: { key: string; reply: Promise<PoolReply> } | undefined;
  /** The run validate() planned for the jobs it checked (used by run() when given the same array). */
  private planned: RunPlan | undefined;

  constructor(options: PiscinaExecutorOptions = {}) {
    this.options = resolvePoolOptions(options);
  }

  /** Its threads (`maxThreads`): a search's refit is split into this many parts when the estimator can. */
  get concurrency(): number {
    return this.options.maxThreads;
  }

  /** Counters of the last `run` (batches, largest batch, retries …). */
  get lastRunStats(): RunStats | undefined {
    return this.stats;
  }

  /** Threads this executor started whose thread has not exited yet (0 after `close()`). */
  get liveThreads(): number {
    this.track();
    return this.seen.size;
  }

  private newPool(maxThreads: number, minThreads: number): Piscina<PoolTask, PoolReply> {
    const workerData: PoolWorkerData = {
      modules: this.options.modules,
      tsLoader: tsLoaderUrl(this.options.modules),
      preload: this.preloadNames,
      // undefined execArgv: Node gives the threads this process's own
      preloadsCode: (this.options.execArgv ?? process.execArgv).some((a) => PRELOAD_FLAGS.has(optionName(a))),
    };
    const pool = new Piscina<PoolTask, PoolReply>({
      filename: workerEntryUrl().href,
      maxThreads,
      minThreads,
      idleTimeout: this.options.idleTimeout,
      // a second batch waits in each thread, so a thread never idles while the main thread is busy or descheduled
      concurrentTasksPerWorker: 2,
      // an idle thread waits with Atomics.waitAsync, not piscina's default blocking Atomics.wait, which also froze the
      // thread's event loop: a thread that had started while the search thread was busy (binning) sat with its
      // estimator modules half-loaded until its first task arrived (measured: +40–55 ms before the first fits)
      atomics: 'async',
      // piscina's run- and wait-time histograms: nothing reads them, and recording costs every task
      recordTiming: false,
      execArgv: this.options.execArgv,
      resourceLimits: this.options.resourceLimits,
      workerData,
    });
    // A thread dying with no task is reported as a pool 'error'; tasks report their own.
    pool.on('error', () => undefined);
    pool.on('workerCreate', () => this.track());
    return pool;
  }

  private getPool(): Piscina<PoolTask, PoolReply> {
    if (this.closed) throw new ValidationError('this PiscinaExecutor was closed; create a new one');
    this.pool ??= this.newPool(this.options.maxThreads, this.options.minThreads);
    return this.pool;
  }

  /** A one-thread pool for one retried job: a brand-new thread (tracked; destroyed by the run or by close()). */
  private spawnFresh(): Piscina<PoolTask, PoolReply> {
    const pool = this.newPool(1, 0);
    this.oneOff.add(pool);
    return pool;
  }

  /** Terminates a one-off pool's thread (its job is done or its thread died). */
  private async releaseFresh(pool: Piscina<PoolTask, PoolReply>): Promise<void> {
    this.track();
    await pool.destroy();
    this.oneOff.delete(pool);
  }

  /** Remembers every thread the pool started, until it exits. */
  private track(): void {
    const threads = [...(this.pool?.threads ?? []), ...[...this.oneOff].flatMap((p) => p.threads)];
    for (const w of threads) {
      if (this.seen.has(w) || w.threadId < 0) continue;
      this.seen.set(w, new Promise<void>((resolve) => w.once('exit', () => (this.seen.delete(w), resolve()))));
    }
  }

  /**
   * Asks a pool thread (after it imported `modules`) whether every estimator
   * and scorer named by `jobs` resolves there: a ValidationError before any
   * job is dispatched names what is missing and the modules loaded. One probe per thread is sent,
   * so that all threads start (and load the estimators) now, while the search prepares its data
   * (airline: binning, 0.25 s), rather than the second one when the first batches wait for it
   * (measured: its first fit began 0.16 s after the first thread's); the first reply answers.
   */
  async validate(jobs: readonly FitJob[]): Promise<void> {
    const names = new Set<string>();
    const scorerNames = new Set<string>();
    let lastScoring: Record<string, string> | undefined;
    for (const j of jobs) {
      names.add(j.estimator.name);
      // a search's jobs share one scoring object: its names are read once
      if (j.scoring === lastScoring) continue;
      lastScoring = j.scoring;
      for (const k in j.scoring) if (Object.hasOwn(j.scoring, k)) scorerNames.add(j.scoring[k]!);
    }
    const estimators = [...names];
    const scorers = [...scorerNames];
    const key = probeKey(estimators, scorers);
    const started = this.warm?.key === key ? this.warm.reply : this.probe(estimators, scorers);
    this.warm = undefined;
    // while the threads start and answer: plan the run of these jobs (a search then runs this very array)
    this.planned = jobs.length > 0 ? planRun(jobs, this.foldTable(jobs[0]!.dataId), this.options.order) : undefined;
    let reply: PoolReply;
    try {
      reply = await started;
    } catch (err) {
      throw new ValidationError(`pool threads could not start: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      this.track();
    }
    if (reply.kind !== 'probe') throw new Error(`pool thread answered a probe with '${reply.kind}'`);
    const problems = describeUnknown(reply);
    if (problems) throw new ValidationError(problems);
  }

  /**
   * Sends the probe of `validate` now (threads start and load `estimators` and `scorers`); `validate`
   * of jobs naming the same ones then awaits this probe's answer instead of sending another.
   */
  warmUp(estimators: readonly string[], scorers: readonly string[]): void {
    if (this.closed) return;
    const unique = (a: readonly string[]): string[] => [...new Set(a)];
    const e = unique(estimators);
    const s = unique(scorers);
    // a pool not started yet: its threads load these as they start (see worker-core's preload)
    this.preloadNames ??= e;
    const reply = this.probe(e, s);
    // answered or failed, it is read by validate; unread (the search stopped first) it must not be an unhandled rejection
    reply.catch(() => undefined);
    this.warm = { key: probeKey(e, s), reply };
  }

  /**
   * Runs `estimator`'s prepareData (a forest bins X, an SVC fills its Gram matrix) in a pool thread
   * while the search thread builds its folds and fingerprint; resolves to what it derived. Only for an X
   * already in shared memory (the loaders put it there): any other X would be copied for the thread here
   * and once more with the data set, so undefined (the search prepares it itself). y is copied if need be
   * (one number per row).
   */
  prepareData(estimator: FitJob['estimator'], X: Matrix, y: Labels): Promise<Map<string, DerivedPayload>> | undefined {
    if (!(X.data.buffer instanceof SharedArrayBuffer)) return undefined;
    return this.prepareInThread(estimator, X, y);
  }

  private async prepareInThread(estimator: FitJob['estimator'], X: Matrix, y: Labels): Promise<Map<string, DerivedPayload>> {
    const reply = await this.getPool().run({ kind: 'prepare', estimator, X: X.data, rows: X.rows, cols: X.cols, y: toShared(y) });
    if (reply.kind !== 'prepared') throw new Error(`pool thread answered prepareData with '${reply.kind}'`);
    return new Map(reply.derived.map((d) => [d.name, d.payload]));
  }

  /** One probe per thread, so that all threads start; the first reply answers (a thread that cannot start fails it too). */
  private probe(estimators: string[], scorers: string[]): Promise<PoolReply> {
    try {
      const pool = this.getPool();
      const probes = Array.from({ length: this.options.maxThreads }, () => pool.run({ kind: 'probe', estimators, scorers }));
      for (const p of probes.slice(1)) p.catch(() => undefined);
      void probes[0]!.finally(() => this.track()).catch(() => undefined);
      return probes[0]!;
    } catch (err) {
      return Promise.reject(err);
    }
  }

  /** The fold ids of data set `dataId` (kept across runs: a thread caches folds by id). */
  private foldTable(dataId: string): FoldTable {
    let folds = this.foldTables.get(dataId);
    if (!folds) {
      folds = new FoldTable();
      this.foldTables.set(dataId, folds);
    }
    return folds;
  }

  /** Runs `jobs` on the pool; yields each result as its batch finishes (any order). */
  run(data: DataSet, jobs: readonly FitJob[], options: RunOptions = {}): AsyncIterable<FitResult> {
    return { [Symbol.asyncIterator]: () => this.start(data, jobs, options) };
  }

  private start(data: DataSet, jobs: readonly FitJob[], options: RunOptions): AsyncIterator<FitResult> {
    const { signal, onResult } = options;
    if (signal?.aborted || jobs.length === 0) return (async function* () {})();
    const folds = this.foldTable(data.id);
    // the plan validate() made for these jobs while the threads started, else one made now
    const plan = this.planned?.jobs === jobs && this.planned.folds === folds ? this.planned : planRun(jobs, folds, this.options.order);
    this.planned = undefined;
    const session = new RunSession(
      this.getPool(),
      ++this.runs,
      data,
      plan,
      folds,
      this.options,
      onResult,
      () => this.track(),
      () => this.spawnFresh(),
      (p) => this.releaseFresh(p),
    );
    this.stats = session.stats;
    this.sessions.add(session);
    const onAbort = (): void => session.cancel();
    signal?.addEventListener('abort', onAbort, { once: true });
    return session.results(() => {
      signal?.removeEventListener('abort', onAbort);
      this.sessions.delete(session);
    });
  }

  /** Fits running now in the pool's threads (each thread marks a fit started and finished in the run's shared status array). */
  activity(): ExecutorActivity {
    let running = 0;
    for (const s of this.sessions) running += s.running();
    return { running, unit: 'fits' };
  }

  /** Abandons running jobs and terminates every thread; resolves once all have exited. Idempotent. */
  async close(): Promise<void> {
    this.closed = true;
    this.planned = undefined;
    for (const s of this.sessions) s.cancel();
    this.track();
    const pools = [...(this.pool ? [this.pool] : []), ...this.oneOff];
    this.pool = undefined;
    await Promise.all(pools.map((p) => p.destroy()));
    await Promise.all(this.seen.values());
  }
}

function describeUnknown(reply: ProbeReply): string | undefined {
  const parts: string[] = [];
  const loaded = reply.modules.length > 0 ? `modules loaded in the pool threads: ${reply.modules.join(', ')}` : 'no modules were loaded in the pool threads';
  if (reply.unknownEstimators.length > 0) {
    parts.push(
      `unknown estimator ${reply.unknownEstimators.map((n) => `'${n}'`).join(', ')} in the pool threads (${loaded}); ` +
        `registered there: ${reply.estimators.join(', ') || '(none)'}. Register it in a module and pass it as ` +
        `new PiscinaExecutor({ modules: [new URL('./my-estimators.js', import.meta.url)] })`,
    );
  }
  if (reply.unknownScorers.length > 0) {
    const inlineFn = reply.unknownScorers.some((n) => n.startsWith('custom:'));
    parts.push(
      `unknown scorer ${reply.unknownScorers.map((n) => `'${n}'`).join(', ')} in the pool threads (${loaded}); ` +
        (inlineFn
          ? 'a scoring function passed to the search lives in the main thread only: register it with registerScorer(makeScorer(…)) in a module listed in `modules` and pass its name, or use InlineExecutor'
          : 'register custom scorers in one of those modules'),
    );
  }
  return parts.length > 0 ? parts.join('; ') : undefined;
}

/** The names a probe checks, as one key (order-independent). */
function probeKey(estimators: readonly string[], scorers: readonly string[]): string {
  return `${[...estimators].sort().join('\n')}\u0000${[...scorers].sort().join('\n')}`;
}
