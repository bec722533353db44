import { availableParallelism, hostname } from 'node:os';
import { pathToFileURL } from 'node:url';
import { resolve as resolvePath } from 'node:path';
import { WaitingError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { listEstimators } from '../../estimators/registry.js';
import { ExecutorError } from '../../errors.js';
import type { FitJob, FitResult } from '../../jobs/types.js';
import type { Executor } from '../executor.js';
import { InlineExecutor } from '../inline.js';
import { PiscinaExecutor } from '../piscina/index.js';
import { bullConnection, connectChecked, resolveConnection, type ClusterConnection } from './connection.js';
import { ConnectionWatch } from './connection-watch.js';
import { DataCache } from './data-store.js';
import { ClusterKeys } from './keys.js';
import { parseBatch, type ControlMessage } from './protocol.js';
import { ResultWriter } from './result-writer.js';

/** Options of `startWorker` (and the `hyperfold worker` command). */
export interface WorkerOptions {
  /** Redis URL (`redis://host:6379`, `rediss://` for TLS) or connection options. */
  connection: ClusterConnection;
  /** BullMQ queue name; must match the coordinator's. Default 'hyperfold'. */
  queueName?: string;
  /** Key prefix; must match the coordinator's. Default 'hyperfold'. */
  prefix?: string;
  /** Fits run at once in this process (threads of its pool). Default: the number of cores. */
  concurrency?: number;
  /** Modules to import first (they register custom estimators / scorers). Paths or URLs. */
  modules?: string[];
  /** Log one line per BullMQ job. */
  verbose?: boolean;
  /** Where log lines go. Default: stderr. */
  log?: (line: string) => void;
  /** Bytes of data sets / folds kept in memory (LRU). Default 1 GiB. */
  cacheBytes?: number;
  /**
   * BullMQ lock duration (ms): a worker that stops renewing its lock this long (killed, frozen,
   * cut off) loses its batch to another worker. Renewed every half of it from the main thread,
   * which fits never block (they run on the pool's threads), so a long fit is no false positive.
   * Default 6000: with `stalledIntervalMs` a dead worker's batch is back in the queue ≤ 9 s later.
   */
  lockDurationMs?: number;
  /** BullMQ stalled-job check interval (ms): how often batches with an expired lock are put back. Default 3000. */
  stalledIntervalMs?: number;
  /** The executor running the fits of each batch. Default: a thread pool of `concurrency` (see `fitExecutor`). */
  executor?: Executor;
  /** 'pool' (default): a piscina pool of `concurrency` threads; 'inline': this thread (debugging). */
  fitExecutor?: 'pool' | 'inline';
  /** Seconds a search's results stay in Redis after their last write, unless the coordinator says otherwise. Default 6 h. */
  resultsTtlSeconds?: number;
}

/** How a `shutdown` ended. */
export interface ShutdownOutcome {
  /** 'finished': running batches completed; 'handed back': returned to the queue; 'abandoned': Redis was down, left to BullMQ's stalled-job check. */
  outcome: 'finished' | 'handed back' | 'abandoned';
  /** Batches running when the bound passed (0 when finished). */
  batches: number;
}

/** A running worker process's handle. */
export interface ClusterWorker {
  /** `host:pid`, stamped on every result it produces. */
  readonly id: string;
  /** Stops taking jobs; waits for running batches (force: releases them for another worker at once). */
  close(force?: boolean): Promise<void>;
  /**
   * Stops within about `timeoutMs` (default 10 000): running batches may finish until then, then
   * they are handed back to the queue. With Redis down nothing can be handed back: connections are
   * dropped at once and BullMQ gives the batches to another worker when their locks expire.
   */
  shutdown(timeoutMs?: number): Promise<ShutdownOutcome>;
  /** Counters since start. */
  stats(): { batches: number; fits: number; downloadedBytes: number };
}

const HEARTBEAT_MS = 5_000;

/** A module reference as a URL: paths resolve against the working directory (so threads and hosts agree). */
function moduleUrl(m: string): string {
  return /^[a-z][a-z0-9+.-]*:/i.test(m) && !/^[a-z]:[\\/]/i.test(m) ? m : pathToFileURL(resolvePath(m)).href;
}

async function importModules(modules: readonly string[]): Promise<void> {
  for (const m of modules) {
    const spec = moduleUrl(m);
    try {
      await import(spec);
    } catch (err) {
      throw new ExecutorError(`cluster worker: cannot import module '${m}' (${err instanceof Error ? err.message : String(err)}); check the --modules path`);
    }
  }
}

/**
 * Starts a cluster worker in this process: takes batches of fits from the
 * BullMQ queue, downloads each data set / fold once (LRU cache), runs the fits
 * on its executor (a thread pool by default) and writes every result back once.
 * Only JSON job data and typed arrays are deserialised; estimators are resolved
 * by name through the registry (plus `modules`), never shipped as code.
 */
export async function startWorker(options: WorkerOptions): Promise<ClusterWorker> {
  const conn = resolveConnection(options.connection);
  const queueName = options.queueName ?? 'hyperfold';
  const prefix = options.prefix ?? 'hyperfold';
  const concurrency = Math.max(1, options.concurrency ?? availableParallelism());
  const log = options.log ?? ((line: string) => process.stderr.write(line + '\n'));
  const resultsTtl = options.resultsTtlSeconds ?? 6 * 3600;
  const lockDuration = options.lockDurationMs ?? 6_000;
  const keys = new ClusterKeys(prefix, queueName);
  const id = `${hostname()}:${process.pid}`;

  await importModules(options.modules ?? []);
  const redis = await connectChecked(conn, 5_000, 'worker');
  // one line per lost / back, never ioredis' raw errors; workers wait for Redis as long as it takes
  const watch = new ConnectionWatch({ label: conn.label, role: `[${id}]`, boundMs: Infinity, log }).watch(redis);
  const sub = redis.duplicate();
  sub.on('error', () => {});
  const executor = options.executor ?? createFitExecutor(options.fitExecutor ?? 'pool', concurrency, (options.modules ?? []).map(moduleUrl));
  const cache = new DataCache(redis, keys, options.cacheBytes ?? 1024 ** 3);

  /** Batches running now, by search id, so a cancel message aborts them between fits. */
  const running = new Map<string, Set<AbortController>>();
  const counters = { batches: 0, fits: 0 };

  await sub.subscribe(keys.control());
  sub.on('message', (_channel: string, message: string) => {
    let m: ControlMessage;
    try {
      m = JSON.parse(message) as ControlMessage;
    } catch {
      return;
    }
    if (m.state === 'cancelled') for (const ac of running.get(m.searchId) ?? []) ac.abort();
  });

  const heartbeat = async (): Promise<void> => {
    // rss and fits are read by `hyperfold dashboard --redis` (the workers view)
    const info = JSON.stringify({
      host: hostname(),
      pid: process.pid,
      concurrency,
      estimators: listEstimators(),
      rss: process.memoryUsage.rss(),
      fits: counters.fits,
    });
    await redis.multi().zadd(keys.workers(), Date.now(), id).hset(keys.workerInfo(), id, info).exec();
  };
  await heartbeat();
  const beat = setInterval(() => void (watch.isUp ? heartbeat().catch(() => {}) : undefined), HEARTBEAT_MS);
  beat.unref();

  const stamp = (r: FitResult): FitResult => ({ ...r, worker: r.worker && r.worker !== 'inline' ? `${id}/${r.worker}` : id });

  let releasing = false;
  let active = 0;

  const process_ = async (job: Job, token: string | undefined): Promise<{ ran: number; skipped: number; cancelled: boolean }> => {
    const t0 = performance.now();
    const batch = parseBatch(job.data);
    const { searchId } = batch;
    // one round trip: is the search still running, and which of its fits are stored already
    const replies = await redis
      .pipeline()
      .get(keys.state(searchId))
      .hmget(keys.results(searchId), ...batch.fits.map((f) => f.key))
      .exec();
    const failedReply = replies?.find(([err]) => err);
    if (!replies || failedReply)
      throw new ExecutorError(`cluster worker ${id}: Redis failed while reading search ${searchId}: ${failedReply?.[0]?.message ?? 'no reply'}`);
    const state = replies[0]![1] as string | null;
    if (state !== 'running') {
      const why = state ?? 'not running (finished, or its coordinator silent longer than its grace period)';
      if (options.verbose) log(`[${id}] job ${job.id}: search ${searchId} is ${why}, skipped ${batch.fits.length} fits`);
      return { ran: 0, skipped: batch.fits.length, cancelled: true };
    }
    // after a stall or a retry, run only the fits whose result is not stored yet
    const stored = replies[1]![1] as (string | null)[];
    const todo = batch.fits.filter((_, i) => stored[i] === null);
    const data = await cache.dataSet(batch.dataId);
    const foldIds = [...new Set(todo.map((f) => f.fold))];
    const folds = new Map(await Promise.all(foldIds.map(async (f) => [f, await cache.fold(f)] as const)));
    const jobs: FitJob[] = todo.map((f) => {
      const fold = folds.get(f.fold)!;
      return { ...f, dataId: batch.dataId, train: fold.train, test: fold.test };
    });

    const ac = new AbortController();
    let set = running.get(searchId);
    if (!set) running.set(searchId, (set = new Set()));
    set.add(ac);
    const writer = new ResultWriter(redis, keys, searchId, batch.ttl ?? resultsTtl, () => ac.abort());
    let ran = 0;
    let failed = 0;
    let fitSeconds = 0;
    let lostThread: string | undefined;
    let timedOut = false;
    let timer: NodeJS.Timeout | undefined;
    const arm = (): void => {
      clearTimeout(timer);
      if (batch.timeoutMs) {
        timer = setTimeout(() => {
          timedOut = true;
          ac.abort();
        }, batch.timeoutMs);
      }
    };
    arm();
    try {
      for await (const r of executor.run(data, jobs, { signal: ac.signal })) {
        arm();
        if (!r.ok && r.cause === 'infrastructure') {
          // the pool lost a thread: not the model's fault; the batch is retried (its stored fits skipped)
          lostThread ??= r.message;
          continue;
        }
        ran++;
        if (!r.ok) failed++;
        fitSeconds += r.fitTime + r.scoreTime;
        writer.add(stamp(r));
      }
    } catch (err) {
      if (!ac.signal.aborted) throw err;
    } finally {
      clearTimeout(timer);
      set.delete(ac);
      if (set.size === 0) running.delete(searchId);
    }
    await writer.flush();
    if (timedOut) throw new ExecutorError(`cluster worker ${id}: no result within jobTimeoutMs (${batch.timeoutMs} ms); batch released for a retry`);
    if (lostThread !== undefined) throw new ExecutorError(`cluster worker ${id}: a pool thread failed: ${lostThread}`);
    if (releasing && ac.signal.aborted && !writer.stopped) {
      // forced shutdown: hand the job back (its stored fits are skipped by whoever takes it)
      await job.moveToWait(token);
      if (options.verbose) log(`[${id}] job ${job.id}: released (${ran} fits done) for another worker`);
      throw new WaitingError();
    }
    counters.batches++;
    counters.fits += ran;
    if (ran > 0 && todo.length > 0) {
      const name = todo[0]!.estimator.name;
      await redis.hset(keys.fitStats(), name, String(fitSeconds / ran));
    }
    const cancelled = ac.signal.aborted;
    if (options.verbose) {
      const ms = (performance.now() - t0).toFixed(0);
      const recovered = job.stalledCounter > 0 ? `, recovered after ${job.stalledCounter} stall(s)` : '';
      log(
        `[${id}] job ${job.id}: search ${searchId} ${ran}/${batch.fits.length} fits (${batch.fits.length - todo.length} already stored, ${failed} failed${recovered})${cancelled ? ' cancelled' : ''} in ${ms} ms`,
      );
    }
    return { ran, skipped: batch.fits.length - todo.length, cancelled };
  };

  const processor = async (job: Job, token?: string): Promise<{ ran: number; skipped: number; cancelled: boolean }> => {
    active++;
    try {
      return await process_(job, token);
    } catch (err) {
      if (err instanceof WaitingError) throw err;
      const attempts = job.opts.attempts ?? 1;
      const message = err instanceof Error ? err.message : String(err);
      if (options.verbose) log(`[${id}] job ${job.id}: attempt ${job.attemptsMade + 1}/${attempts} failed: ${message}`);
      if (job.attemptsMade + 1 >= attempts) {
        // last attempt: tell the coordinator which fits are lost (it reports them as infrastructure failures)
        const info = JSON.stringify({ batch: job.id, message, attempts, worker: id });
        const b = job.data as { searchId?: unknown };
        if (typeof b.searchId === 'string') await redis.xadd(keys.events(b.searchId), '*', 'i', info).catch(() => {});
      }
      throw err;
    } finally {
      active--;
    }
  };

  const worker = new Worker(queueName, processor, {
    connection: bullConnection(conn),
    prefix,
    // one batch more than threads: the next batch is fetched and its data looked up while the pool works
    concurrency: concurrency + 1,
    name: id,
    lockDuration,
    stalledInterval: options.stalledIntervalMs ?? 3_000,
    maxStalledCount: 2,
  });
  // once a batch is handed back, BullMQ's lock timer may still try to renew its lock: expected, not news
  watch.quiet(worker, (msg) => releasing && /could not renew lock/.test(msg));
  await worker.waitUntilReady();
  log(`[${id}] hyperfold worker on ${conn.label} queue '${queueName}' prefix '${prefix}', ${concurrency} thread(s), executor ${executor.kind}`);

  let closing: Promise<void> | undefined;
  const close = (force = false): Promise<void> => {
    if (force) {
      releasing = true;
      for (const set of running.values()) for (const ac of set) ac.abort();
    }
    closing ??= (async () => {
      clearInterval(beat);
      await worker.close(force);
      watch.close(); // our own disconnects below are no outage
      await executor.close();
      await redis
        .multi()
        .zrem(keys.workers(), id)
        .hdel(keys.workerInfo(), id)
        .exec()
        .catch(() => {});
      sub.disconnect();
      await redis.quit().catch(() => redis.disconnect());
    })();
    return closing;
  };
  /** Drops every connection without waiting for Redis (it is down); the executor's threads end too. */
  const abandon = async (): Promise<void> => {
    clearInterval(beat);
    watch.close();
    for (const set of running.values()) for (const ac of set) ac.abort();
    redis.disconnect();
    sub.disconnect();
    await ConnectionWatch.within(worker.disconnect(), 1000);
    await ConnectionWatch.within(executor.close(), 2000);
  };
  return {
    id,
    stats: () => ({ ...counters, downloadedBytes: cache.downloadedBytes }),
    close,
    async shutdown(timeoutMs = 10_000): Promise<ShutdownOutcome> {
      if (!watch.isUp) {
        const batches = active;
        await abandon();
        return { outcome: 'abandoned', batches };
      }
      const graceful = close(false);
      if (await ConnectionWatch.within(graceful, timeoutMs)) return { outcome: 'finished', batches: 0 };
      const batches = active;
      if (watch.isUp) {
        void close(true);
        if (await ConnectionWatch.within(graceful, 5000)) return { outcome: 'handed back', batches };
      }
      await abandon();
      return { outcome: 'abandoned', batches };
    },
  };
}

/** The executor a worker process runs its fits on: its own thread pool of `concurrency` threads (or this thread). */
function createFitExecutor(kind: 'pool' | 'inline', concurrency: number, modules: readonly string[]): Executor {
  if (kind === 'inline') return new InlineExecutor();
  return new PiscinaExecutor({ maxThreads: concurrency, minThreads: concurrency, idleTimeout: 60_000, modules });
}
