import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { DataSet } from '../../data/dataset.js';
import { ExecutorError, ValidationError } from '../../errors.js';
import type { FitJob, FitResult } from '../../jobs/types.js';
import type { Executor, RunOptions } from '../executor.js';
import { batchSize, workerCensus } from './batching.js';
import { bullConnection, connectChecked, resolveConnection, type ClusterConnection, type ResolvedConnection } from './connection.js';
import { storeDataSet, storeFolds } from './data-store.js';
import { ClusterKeys } from './keys.js';
import { infrastructureFailure } from '../../jobs/failures.js';
import { lostBatchFailures } from './failures.js';
import { defaultSearchId, groupByKey, planRun } from './plan.js';
import { batchId, parseResult, toWireFit, type BatchData, type ControlMessage } from './protocol.js';

/** Options of `ClusterExecutor`. */
export interface ClusterExecutorOptions {
  /** Redis URL (`redis://[:password@]host:6379/0`, `rediss://` for TLS) or connection options. */
  connection: ClusterConnection;
  /** BullMQ queue name the workers listen on. Default 'hyperfold'. */
  queueName?: string;
  /** Key prefix (BullMQ's and ours). Default 'hyperfold'. */
  prefix?: string;
  /** Tries per batch for infrastructure failures (Redis errors, a lost data set, a worker killed). Default 3. */
  attempts?: number;
  /** Delay before a retry: exponential from this many ms. Default 1000. */
  backoff?: number;
  /**
   * A worker that produces no result for this long (ms) gives its batch up: the batch is retried
   * (fits already stored are skipped) up to `attempts`, then reported as an infrastructure failure. Default: none.
   */
  jobTimeoutMs?: number;
  /** Seconds the data set (and folds) stay in Redis after the last search that used them. Default 86400. */
  dataTtlSeconds?: number;
  /** Seconds a search's results stay after their last write, so an interrupted search can resume. Default 7 days. */
  resultsTtlSeconds?: number;
  /** Fits per BullMQ job; default: sized from the number of fits, live worker threads and measured fit times. */
  batchSize?: number;
  /** Upper bound on automatic batch size. Default 500. */
  maxBatchSize?: number;
  /** Milliseconds to wait for Redis before failing. Default 3000. */
  connectTimeoutMs?: number;
  /** Milliseconds without any result after which lost batches are looked for and re-enqueued. Default 5000. */
  watchdogMs?: number;
}

/** Figures of the last `run` (for progress displays, tests and benchmarks). */
export interface ClusterRunStats {
  searchId: string;
  /** Distinct fits in the search. */
  fits: number;
  /** Fits whose results were already in Redis (resume). */
  resumed: number;
  /** Fits enqueued by this run. */
  enqueued: number;
  /** BullMQ jobs added and fits per job. */
  batches: number;
  batchSize: number;
  /** Bytes written to Redis: the data set (0 if it was already there), folds, job payloads. */
  dataBytes: number;
  foldBytes: number;
  jobBytes: number;
  /** Fits re-enqueued because their batch vanished (e.g. stalled past BullMQ's limit). */
  requeued: number;
  /** Milliseconds from the call to the last batch enqueued, to the first result, to the end. */
  enqueuedMs: number;
  firstResultMs: number;
  totalMs: number;
}

/**
 * Runs a search's fits on `hyperfold worker` processes on any number of hosts,
 * through a BullMQ queue on Redis. The data set is stored once (binary,
 * content-addressed, TTL'd); jobs carry names, params, seeds and fold ids.
 * Results are written once per job key, so a killed worker, a retried batch or a
 * second coordinator never duplicates a fit, and a re-run resumes.
 */
export class ClusterExecutor implements Executor {
  readonly kind = 'cluster';
  /** Figures of the last run. */
  lastRun: ClusterRunStats | undefined;
  private readonly conn: ResolvedConnection;
  private readonly keys: ClusterKeys;
  private readonly opts: Required<Omit<ClusterExecutorOptions, 'connection' | 'jobTimeoutMs' | 'batchSize'>> &
    Pick<ClusterExecutorOptions, 'jobTimeoutMs' | 'batchSize'>;
  private redis: Redis | undefined;
  private queue: Queue | undefined;
  private closed = false;

  constructor(options: ClusterExecutorOptions) {
    this.conn = resolveConnection(options.connection);
    const queueName = options.queueName ?? 'hyperfold';
    if (queueName.includes(':')) throw new ValidationError(`ClusterExecutor: queueName '${queueName}' must not contain ':'`);
    this.opts = {
      queueName,
      prefix: options.prefix ?? 'hyperfold',
      attempts: options.attempts ?? 3,
      backoff: options.backoff ?? 1000,
      jobTimeoutMs: options.jobTimeoutMs,
      dataTtlSeconds: options.dataTtlSeconds ?? 86_400,
      resultsTtlSeconds: options.resultsTtlSeconds ?? 7 * 86_400,
      batchSize: options.batchSize,
      maxBatchSize: options.maxBatchSize ?? 500,
      connectTimeoutMs: options.connectTimeoutMs ?? 3000,
      watchdogMs: options.watchdogMs ?? 5000,
    };
    if (this.opts.jobTimeoutMs !== undefined && !(this.opts.jobTimeoutMs > 0)) {
      throw new ValidationError(`ClusterExecutor: jobTimeoutMs must be > 0 ms, got ${this.opts.jobTimeoutMs}`);
    }
    if (!(this.opts.attempts >= 1)) throw new ValidationError(`ClusterExecutor: attempts must be ≥ 1, got ${this.opts.attempts}`);
    this.keys = new ClusterKeys(this.opts.prefix, queueName);
  }

  private async connect(): Promise<{ redis: Redis; queue: Queue }> {
    if (this.closed) throw new ExecutorError('ClusterExecutor: already closed; create a new one');
    this.redis ??= await connectChecked(this.conn, this.opts.connectTimeoutMs, 'coordinator');
    this.queue ??= new Queue(this.opts.queueName, {
      connection: bullConnection(this.conn),
      prefix: this.opts.prefix,
    });
    return { redis: this.redis, queue: this.queue };
  }

  /** Checks Redis answers, and that live workers (if any) know every estimator named in `jobs`. */
  async validate(jobs: readonly FitJob[]): Promise<void> {
    const { redis } = await this.connect();
    const census = await workerCensus(redis, this.keys);
    if (census.workers === 0) return;
    for (const j of jobs) {
      if (!census.estimators.has(j.estimator.name)) {
        throw new ValidationError(
          `unknown estimator '${j.estimator.name}' (candidate ${j.candidateIndex}) on the ${census.workers} worker(s) of queue '${this.opts.queueName}'; ` +
            `they know: ${[...census.estimators].sort().join(', ')}. Start the workers with --modules <file> registering it.`,
        );
      }
    }
  }

  async *run(data: DataSet, jobs: readonly FitJob[], options: RunOptions = {}): AsyncIterable<FitResult> {
    if (jobs.length === 0) return;
    const t0 = performance.now();
    const { redis, queue } = await this.connect();
    const { signal, onResult } = options;
    const keys = this.keys;
    const byKey = groupByKey(data, jobs);
    const searchId = options.searchId ?? defaultSearchId(data.id, byKey.keys());
    if (!/^[A-Za-z0-9_.-]+$/.test(searchId)) throw new ValidationError(`searchId '${searchId}' may use only letters, digits, '_', '.', '-'`);

    // resume: every result already stored counts; only the missing fits are enqueued
    const stateKey = keys.state(searchId);
    await redis.set(stateKey, 'running', 'EX', this.opts.resultsTtlSeconds);
    await redis.publish(keys.control(), JSON.stringify({ searchId, state: 'running' } satisfies ControlMessage));
    const stored = new Set(await redis.hkeys(keys.results(searchId)));
    const { missing, folds, foldOf } = planRun(byKey, stored);
    const dataBytes = missing.length > 0 ? await storeDataSet(redis, keys, data, this.opts.dataTtlSeconds) : 0;
    const foldBytes = await storeFolds(redis, keys, folds, this.opts.dataTtlSeconds);

    const census = await workerCensus(redis, keys);
    if (census.workers === 0 && missing.length > 0) {
      process.emitWarning(
        `no hyperfold worker is listening on queue '${this.opts.queueName}' (no heartbeat in the last 15 s); ` +
          `the ${missing.length} fit(s) wait in Redis until one starts: hyperfold worker --redis <url> --queue ${this.opts.queueName}` +
          (this.opts.prefix !== 'hyperfold' ? ` --prefix ${this.opts.prefix}` : ''),
        'ClusterWarning',
      );
    }
    const meanRaw = missing.length > 0 ? await redis.hget(keys.fitStats(), missing[0]!.estimator.name) : null;
    const size =
      this.opts.batchSize ??
      batchSize({
        fits: missing.length,
        slots: census.slots,
        meanFitSeconds: meanRaw ? Number(meanRaw) : undefined,
        targetSeconds: 0.05, // BullMQ costs ~0.2 ms a job: 0.4% of 50 ms; longer batches only worsen the tail
        maxBatch: this.opts.maxBatchSize,
      });

    const stats: ClusterRunStats = {
      searchId,
      fits: byKey.size,
      resumed: byKey.size - missing.length,
      enqueued: missing.length,
      batches: 0,
      batchSize: size,
      dataBytes,
      foldBytes,
      jobBytes: 0,
      requeued: 0,
      enqueuedMs: 0,
      firstResultMs: 0,
      totalMs: 0,
    };
    this.lastRun = stats;

    /** batch id → keys of its fits; attempts per key for the watchdog. */
    const batches = new Map<string, string[]>();
    const requeues = new Map<string, number>();
    const enqueue = async (fits: FitJob[]): Promise<void> => {
      const bulk = [];
      for (let i = 0; i < fits.length; i += size) {
        const chunk = fits.slice(i, i + size);
        const batchKeys = chunk.map((j) => j.key);
        const payload: BatchData = { v: 1, searchId, dataId: data.id, fits: chunk.map((j) => toWireFit(j, foldOf.get(j.key)!)) };
        if (this.opts.jobTimeoutMs !== undefined) payload.timeoutMs = this.opts.jobTimeoutMs;
        const id = batchId(searchId, batchKeys);
        batches.set(id, batchKeys);
        stats.jobBytes += Buffer.byteLength(JSON.stringify(payload));
        bulk.push({
          name: searchId,
          data: payload,
          opts: {
            jobId: id,
            attempts: this.opts.attempts,
            backoff: { type: 'exponential', delay: this.opts.backoff },
            removeOnComplete: true,
            removeOnFail: true,
          },
        });
      }
      for (let i = 0; i < bulk.length; i += 1000) await queue.addBulk(bulk.slice(i, i + 1000));
      stats.batches += bulk.length;
    };

    const pending = new Set(byKey.keys());
    /**
     * Batches that vanished with fits still missing (stalled more often than BullMQ allows, or
     * dropped in a cancel/resume race) go back to the queue, up to `attempts` times per fit.
     */
    const recoverLostBatches = async (): Promise<FitResult[]> => {
      const ids = [...batches.entries()].filter(([, ks]) => ks.some((k) => pending.has(k))).map(([id]) => id);
      const states = await Promise.all(ids.map((id) => queue.getJobState(id)));
      const refit: FitJob[] = [];
      const failures: FitResult[] = [];
      ids.forEach((id, i) => {
        if (states[i] !== 'unknown') return;
        for (const k of batches.get(id)!.filter((key) => pending.has(key))) {
          const n = (requeues.get(k) ?? 0) + 1;
          requeues.set(k, n);
          const job = byKey.get(k)![0]!;
          if (n < this.opts.attempts) refit.push(job);
          else failures.push(infrastructureFailure(job, `its batch ${id} vanished from the queue ${n} time(s) without a result (workers killed while running it?)`, n));
        }
        batches.delete(id);
      });
      if (refit.length > 0) {
        stats.requeued += refit.length;
        await enqueue(refit);
      }
      return failures;
    };
    const reader = redis.duplicate();
    reader.on('error', () => {});
    const onAbort = (): void => reader.disconnect();
    signal?.addEventListener('abort', onAbort, { once: true });
    let finished = false;
    try {
      if (signal?.aborted) return;
      await enqueue(missing);
      stats.enqueuedMs = performance.now() - t0;
      let lastId = '0-0';
      let idleSince = Date.now();
      let refreshedAt = Date.now();
      while (pending.size > 0) {
        if (signal?.aborted) return;
        if (Date.now() - refreshedAt > 60_000) {
          // a search longer than the TTL keeps its data set and folds (workers that join late need them)
          refreshedAt = Date.now();
          const ttl = String(this.opts.dataTtlSeconds);
          await redis.pipeline([['expire', keys.data(data.id), ttl], ...[...folds.keys()].map((f) => ['expire', keys.fold(f), ttl])]).exec();
        }
        let reply: [string, [string, string[]][]][] | null;
        try {
          reply = (await reader.xread('COUNT', 5000, 'BLOCK', 1000, 'STREAMS', keys.events(searchId), lastId)) as typeof reply;
        } catch (err) {
          if (signal?.aborted) return;
          throw new ExecutorError(`cluster coordinator: lost Redis at ${this.conn.label} while following search ${searchId}: ${(err as Error).message}`);
        }
        const entries = reply?.[0]?.[1] ?? [];
        if (entries.length === 0) {
          if (Date.now() - idleSince >= this.opts.watchdogMs) {
            for (const r of await recoverLostBatches()) {
              yield* this.emit(r, byKey, pending, onResult);
            }
            idleSince = Date.now();
          }
          continue;
        }
        idleSince = Date.now();
        if (stats.firstResultMs === 0) stats.firstResultMs = performance.now() - t0;
        for (const [id, fields] of entries) {
          lastId = id;
          for (let f = 0; f + 1 < fields.length; f += 2) {
            if (fields[f] === 'r') {
              yield* this.emit(parseResult(fields[f + 1]!), byKey, pending, onResult);
            } else if (fields[f] === 'i') {
              for (const r of lostBatchFailures(fields[f + 1]!, batches, pending, byKey)) yield* this.emit(r, byKey, pending, onResult);
            }
          }
        }
      }
      finished = true;
      stats.totalMs = performance.now() - t0;
    } finally {
      signal?.removeEventListener('abort', onAbort);
      reader.disconnect();
      if (finished) {
        await redis.del(...keys.searchKeys(searchId));
      } else {
        await this.cancel(queue, redis, searchId, batches.keys());
      }
    }
  }

  private *emit(r: FitResult, byKey: Map<string, FitJob[]>, pending: Set<string>, onResult?: (r: FitResult) => void): Generator<FitResult> {
    if (!pending.delete(r.key)) return; // not ours, or a duplicate
    for (const j of byKey.get(r.key) ?? []) {
      const out: FitResult = { ...r, candidateIndex: j.candidateIndex, splitIndex: j.splitIndex };
      onResult?.(out);
      yield out;
    }
  }

  /** Marks the search cancelled (workers stop between fits), removes its waiting batches. Results stay for a resume. */
  private async cancel(queue: Queue, redis: Redis, searchId: string, batchIds: Iterable<string>): Promise<void> {
    try {
      await redis.set(this.keys.state(searchId), 'cancelled', 'EX', this.opts.resultsTtlSeconds);
      await redis.publish(this.keys.control(), JSON.stringify({ searchId, state: 'cancelled' } satisfies ControlMessage));
      await Promise.all([...batchIds].map((id) => queue.remove(id).catch(() => 0)));
    } catch {
      /* Redis gone: workers find no 'running' state or time out; nothing more to do */
    }
  }

  /** Closes the queue and the Redis connection. Idempotent. */
  async close(): Promise<void> {
    this.closed = true;
    const q = this.queue;
    const r = this.redis;
    this.queue = undefined;
    this.redis = undefined;
    await q?.close();
    if (r) await r.quit().catch(() => r.disconnect());
  }
}

