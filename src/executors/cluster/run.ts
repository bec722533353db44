import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { DataSet } from '../../data/dataset.js';
import { ValidationError } from '../../errors.js';
import { infrastructureFailure } from '../../jobs/failures.js';
import type { FitJob, FitResult } from '../../jobs/types.js';
import type { RunOptions } from '../executor.js';
import { batchSize, workerCensus } from './batching.js';
import { ConnectionWatch, RedisUnreachableError } from './connection-watch.js';
import { storeDataSet, storeFolds } from './data-store.js';
import { lostBatchFailures } from './failures.js';
import type { ClusterKeys } from './keys.js';
import { defaultSearchId, groupByKey, planRun, type RunPlan } from './plan.js';
import { batchId, HEARTBEAT_LUA, parseResult, toWireFit, type BatchData, type ControlMessage } from './protocol.js';

/** The coordinator's settings a run needs (ClusterExecutorOptions with defaults applied). */
export interface RunSettings {
  queueName: string;
  prefix: string;
  attempts: number;
  backoff: number;
  jobTimeoutMs?: number;
  dataTtlSeconds: number;
  resultsTtlSeconds: number;
  batchSize?: number;
  maxBatchSize: number;
  watchdogMs: number;
  heartbeatMs: number;
  coordinatorGraceSeconds: number;
  statusIntervalMs: number;
}

/** What a run talks to: the executor's Redis client and queue, watched for outages. */
export interface RunContext {
  redis: Redis;
  queue: Queue;
  keys: ClusterKeys;
  settings: RunSettings;
  watch: ConnectionWatch;
  /** The Redis URL, password hidden. */
  label: string;
  log(line: string): void;
  /** Fits wait with no live worker (called every statusIntervalMs), or `undefined` once they run again; replaces the log line. */
  onWaiting?: (waiting: WaitingForWorkers | undefined) => void;
}

/** What ClusterExecutor's `onWaiting` reports: fits wait in the queue and no worker is alive. */
export interface WaitingForWorkers {
  /** Live `hyperfold worker` processes on the queue: 0. */
  alive: number;
  /** Fits of this run still without a result. */
  pending: number;
  /** The queue the workers must listen on. */
  queueName: string;
}

/** Figures of one run (for progress displays, tests and benchmarks). */
export interface ClusterRunStats {
  searchId: string;
  /** Distinct fits in the search. */
  fits: number;
  /** Fits whose results were already in Redis (resume). */
  resumed: number;
  /** Fits enqueued by this run (re-enqueued ones not counted again). */
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
  /** Times Redis lost the search's state (restart, flush, failover) and the run re-published it. */
  stateLosses: number;
  /** Milliseconds from the call to the last batch enqueued, to the first result, to the end. */
  enqueuedMs: number;
  firstResultMs: number;
  totalMs: number;
}

/**
 * One `ClusterExecutor.run`, as named steps: `publish` (state, data set, folds),
 * `resumeStored` (results already in Redis), `enqueue` (BullMQ jobs of the missing
 * fits), `follow` (the search's result stream, with a `tick` that keeps the
 * coordinator's heartbeat, notices when Redis lost the search's state and
 * re-publishes it, re-enqueues vanished batches and says when no worker is alive),
 * then `end` (clean up when finished, cancel otherwise). Dead or hung workers are
 * BullMQ's business (its stalled-job check hands their batches back); this class
 * only covers what BullMQ cannot see: a Redis that forgot everything.
 */
export class ClusterRun {
  readonly stats: ClusterRunStats;
  /** True once every fit has a result. */
  finished = false;
  private readonly byKey: Map<string, FitJob[]>;
  private readonly pending: Set<string>;
  private plan: RunPlan | undefined;
  /** BullMQ job id → keys of its fits, for the batches of this run's current generation. */
  private readonly batches = new Map<string, string[]>();
  private readonly requeues = new Map<string, number>();
  /** Bumped each time the search is re-published after Redis lost it (new batch ids). */
  private generation = 0;
  private lastId = '0-0';
  private reader: Redis | undefined;
  private checkStateNow = false;
  private readonly t0 = performance.now();
  private readonly at = { beat: Date.now(), result: Date.now(), watchdog: Date.now(), status: Date.now(), refresh: Date.now() };
  private size = 1;
  /** True while `onWaiting` was last told that fits wait for workers. */
  private waiting = false;

  /** BullMQ jobs (batches) of this run that workers hold now: BullMQ's active list, read by id (no job data). */
  async activeBatches(): Promise<number> {
    if (this.finished) return 0;
    const ids = await this.g(this.ctx.queue.getRanges(['active'], 0, -1));
    let n = 0;
    for (const id of ids) if (this.batches.has(id)) n++;
    return n;
  }

  constructor(
    private readonly ctx: RunContext,
    private readonly data: DataSet,
    jobs: readonly FitJob[],
    private readonly options: RunOptions,
  ) {
    this.byKey = groupByKey(data, jobs);
    this.pending = new Set(this.byKey.keys());
    const searchId = options.searchId ?? defaultSearchId(data.id, this.byKey.keys());
    if (!/^[A-Za-z0-9_.-]+$/.test(searchId)) throw new ValidationError(`searchId '${searchId}' may use only letters, digits, '_', '.', '-'`);
    this.stats = {
      searchId,
      fits: this.byKey.size,
      resumed: 0,
      enqueued: 0,
      batches: 0,
      batchSize: 0,
      dataBytes: 0,
      foldBytes: 0,
      jobBytes: 0,
      requeued: 0,
      stateLosses: 0,
      enqueuedMs: 0,
      firstResultMs: 0,
      totalMs: 0,
    };
  }

  /** Runs the steps; yields each result as it lands (stored ones too, unless `onResumed` takes them). */
  async *results(): AsyncGenerator<FitResult> {
    const stored = await this.publish();
    yield* this.resumeStored(stored);
    if (this.aborted) return;
    const missing = this.plan!.missing;
    await this.sizeBatches(missing);
    await this.enqueue(missing);
    this.stats.enqueued = missing.length;
    this.stats.enqueuedMs = performance.now() - this.t0;
    yield* this.follow();
  }

  /** Step 1: marks the search running (with the coordinator's heartbeat TTL), stores the data set and folds; returns the keys already stored. */
  private async publish(): Promise<Set<string>> {
    const { redis, keys, settings } = this.ctx;
    const searchId = this.stats.searchId;
    await this.g(redis.set(keys.state(searchId), 'running', 'EX', settings.coordinatorGraceSeconds));
    await this.g(redis.publish(keys.control(), JSON.stringify({ searchId, state: 'running' } satisfies ControlMessage)));
    const stored = new Set(await this.g(redis.hkeys(keys.results(searchId))));
    this.plan = planRun(this.byKey, stored);
    await this.storeData();
    return stored;
  }

  private async storeData(): Promise<void> {
    const { redis, keys, settings } = this.ctx;
    const plan = this.plan!;
    if (plan.missing.length > 0) this.stats.dataBytes += await this.g(storeDataSet(redis, keys, this.data, settings.dataTtlSeconds));
    this.stats.foldBytes += await this.g(storeFolds(redis, keys, plan.folds, settings.dataTtlSeconds));
  }

  /** Step 2: results an earlier run left in Redis (an interrupted search): handed to `onResumed`, or yielded. */
  private async *resumeStored(stored: Set<string>): AsyncGenerator<FitResult> {
    const keys = [...stored].filter((k) => this.byKey.has(k));
    const found: FitResult[] = [];
    for (let i = 0; i < keys.length; i += 1000) {
      const chunk = keys.slice(i, i + 1000);
      const values = await this.g(this.ctx.redis.hmget(this.ctx.keys.results(this.stats.searchId), ...chunk));
      for (const v of values) if (v !== null) found.push(...this.take(parseResult(v), !this.options.onResumed));
    }
    this.stats.resumed = new Set(found.map((r) => r.key)).size;
    if (found.length === 0) return;
    if (this.options.onResumed) this.options.onResumed(found);
    else yield* found;
  }

  /** Fits per BullMQ job: the option, or sized from the live workers and their measured fit times. */
  private async sizeBatches(missing: FitJob[]): Promise<void> {
    const { redis, keys, settings } = this.ctx;
    const census = await this.g(workerCensus(redis, keys));
    if (census.workers === 0 && missing.length > 0) {
      process.emitWarning(
        `no hyperfold worker is listening on queue '${settings.queueName}' (no heartbeat in the last 15 s); ` +
          `the ${missing.length} fit(s) wait in Redis until one starts: hyperfold worker --redis <url> --queue ${settings.queueName}` +
          (settings.prefix !== 'hyperfold' ? ` --prefix ${settings.prefix}` : ''),
        'ClusterWarning',
      );
    }
    const meanRaw = missing.length > 0 ? await this.g(redis.hget(keys.fitStats(), missing[0]!.estimator.name)) : null;
    this.size =
      settings.batchSize ??
      batchSize({
        fits: missing.length,
        slots: census.slots,
        meanFitSeconds: meanRaw ? Number(meanRaw) : undefined,
        targetSeconds: 0.05, // BullMQ costs ~0.2 ms a job: 0.4% of 50 ms; longer batches only worsen the tail
        maxBatch: settings.maxBatchSize,
      });
    this.stats.batchSize = this.size;
  }

  /** Step 3: adds the fits as BullMQ jobs of `size` fits (ids stable per search, generation and fits, so a second add is ignored). */
  private async enqueue(fits: FitJob[]): Promise<void> {
    const { queue, settings } = this.ctx;
    const { searchId } = this.stats;
    const bulk = [];
    for (let i = 0; i < fits.length; i += this.size) {
      const chunk = fits.slice(i, i + this.size);
      const batchKeys = chunk.map((j) => j.key);
      const payload: BatchData = {
        v: 1,
        searchId,
        dataId: this.data.id,
        ttl: settings.resultsTtlSeconds,
        fits: chunk.map((j) => toWireFit(j, this.plan!.foldOf.get(j.key)!)),
      };
      if (settings.jobTimeoutMs !== undefined) payload.timeoutMs = settings.jobTimeoutMs;
      const id = batchId(this.generation === 0 ? searchId : `${searchId}.g${this.generation}`, batchKeys);
      this.batches.set(id, batchKeys);
      this.stats.jobBytes += Buffer.byteLength(JSON.stringify(payload));
      bulk.push({
        name: searchId,
        data: payload,
        opts: { jobId: id, attempts: settings.attempts, backoff: { type: 'exponential', delay: settings.backoff }, removeOnComplete: true, removeOnFail: true },
      });
    }
    for (let i = 0; i < bulk.length; i += 1000) await this.g(queue.addBulk(bulk.slice(i, i + 1000)));
    this.stats.batches += bulk.length;
  }

  /** Step 4: reads the search's result stream until every fit has a result; `tick` between reads. */
  private async *follow(): AsyncGenerator<FitResult> {
    const { redis, keys, watch } = this.ctx;
    const reader = (this.reader = redis.duplicate());
    reader.on('error', () => {}); // its outages are reported through the watched main connection
    const offReconnect = watch.onReconnect(() => (this.checkStateNow = true));
    try {
      while (this.pending.size > 0) {
        for (const r of await this.tick()) yield* this.take(r);
        if (this.aborted) return;
        let reply: [string, [string, string[]][]][] | null;
        try {
          reply = (await this.g(reader.xread('COUNT', 5000, 'BLOCK', 1000, 'STREAMS', keys.events(this.stats.searchId), this.lastId))) as typeof reply;
        } catch (err) {
          if (this.aborted) return;
          if (err instanceof RedisUnreachableError || watch.isUp) throw err;
          continue; // the connection dropped under the read: the watch bounds the outage
        }
        const entries = reply?.[0]?.[1] ?? [];
        if (entries.length === 0) continue;
        this.at.result = Date.now();
        this.setWaiting(undefined);
        if (this.stats.firstResultMs === 0) this.stats.firstResultMs = performance.now() - this.t0;
        for (const [id, fields] of entries) {
          this.lastId = id;
          for (let f = 0; f + 1 < fields.length; f += 2) {
            if (fields[f] === 'r') yield* this.take(parseResult(fields[f + 1]!));
            else if (fields[f] === 'i') for (const r of lostBatchFailures(fields[f + 1]!, this.batches, this.pending, this.byKey)) yield* this.take(r);
          }
        }
      }
      this.finished = true;
      this.stats.totalMs = performance.now() - this.t0;
    } finally {
      offReconnect();
    }
  }

  /**
   * Between reads: the coordinator's heartbeat (which also tells whether Redis still knows the
   * search), the data set's TTL, lost-batch recovery when idle, and the "waiting for workers" line.
   */
  private async tick(): Promise<FitResult[]> {
    const { redis, keys, settings } = this.ctx;
    const now = Date.now();
    if (this.checkStateNow || now - this.at.beat >= settings.heartbeatMs) {
      this.checkStateNow = false;
      this.at.beat = now;
      const known = await this.g(redis.eval(HEARTBEAT_LUA, 1, keys.state(this.stats.searchId), String(settings.coordinatorGraceSeconds)));
      if (known === 0) await this.republish();
    }
    if (now - this.at.refresh > 60_000) {
      // a search longer than the TTL keeps its data set and folds (workers that join late need them)
      this.at.refresh = now;
      const ttl = String(settings.dataTtlSeconds);
      const folds = [...this.plan!.folds.keys()].map((f) => ['expire', keys.fold(f), ttl]);
      await this.g(redis.pipeline([['expire', keys.data(this.data.id), ttl], ...folds]).exec());
    }
    if (now - this.at.result >= settings.statusIntervalMs && now - this.at.status >= settings.statusIntervalMs) {
      this.at.status = now;
      const census = await this.g(workerCensus(redis, keys));
      if (census.workers > 0) this.setWaiting(undefined);
      else if (this.ctx.onWaiting) this.setWaiting({ alive: 0, pending: this.pending.size, queueName: settings.queueName });
      else {
        this.ctx.log(
          `cluster: waiting for workers: 0 alive on queue '${settings.queueName}' (${this.pending.size} fit(s) to go); ` +
            `start one with: hyperfold worker --redis <url> --queue ${settings.queueName}${settings.prefix !== 'hyperfold' ? ` --prefix ${settings.prefix}` : ''}`,
        );
      }
    }
    if (now - this.at.result >= settings.watchdogMs && now - this.at.watchdog >= settings.watchdogMs) {
      this.at.watchdog = now;
      return this.recoverLostBatches();
    }
    return [];
  }

  /** Tells `onWaiting` (if any) that fits wait for workers, or that they no longer do (once). */
  private setWaiting(w: WaitingForWorkers | undefined): void {
    if (!this.ctx.onWaiting || (w === undefined && !this.waiting)) return;
    this.waiting = w !== undefined;
    this.ctx.onWaiting(w);
  }

  /**
   * Redis no longer knows the search (restarted empty, flushed, failed over to a replica
   * without it): everything needed is here — the jobs, the data — so store the data set and
   * folds again and re-enqueue every fit still without a result, as a new generation of batches.
   */
  private async republish(): Promise<void> {
    const { redis, keys, settings } = this.ctx;
    const searchId = this.stats.searchId;
    this.stats.stateLosses++;
    this.generation++;
    const todo = this.plan!.missing.filter((j) => this.pending.has(j.key));
    this.ctx.log(
      `cluster: Redis at ${this.ctx.label} lost search ${searchId} (restarted empty, flushed or failed over); ` +
        `re-publishing the data set and re-enqueuing its ${todo.length} unfinished fit(s)`,
    );
    await this.g(redis.set(keys.state(searchId), 'running', 'EX', settings.coordinatorGraceSeconds));
    await this.storeData();
    this.batches.clear();
    this.lastId = '0-0';
    await this.enqueue(todo);
  }

  /**
   * Batches that vanished with fits still missing (stalled more often than BullMQ allows, or
   * dropped in a cancel/resume race) go back to the queue, up to `attempts` times per fit.
   */
  private async recoverLostBatches(): Promise<FitResult[]> {
    const { queue, settings } = this.ctx;
    const ids = [...this.batches.entries()].filter(([, ks]) => ks.some((k) => this.pending.has(k))).map(([id]) => id);
    const states = await this.g(Promise.all(ids.map((id) => queue.getJobState(id))));
    const refit: FitJob[] = [];
    const failures: FitResult[] = [];
    ids.forEach((id, i) => {
      if (states[i] !== 'unknown') return;
      for (const k of this.batches.get(id)!.filter((key) => this.pending.has(key))) {
        const n = (this.requeues.get(k) ?? 0) + 1;
        this.requeues.set(k, n);
        const job = this.byKey.get(k)![0]!;
        if (n < settings.attempts) refit.push(job);
        else
          failures.push(
            infrastructureFailure(job, `its batch ${id} vanished from the queue ${n} time(s) without a result (workers killed while running it?)`, n),
          );
      }
      this.batches.delete(id);
    });
    if (refit.length > 0) {
      this.stats.requeued += refit.length;
      await this.enqueue(refit);
    }
    return failures;
  }

  /** A result for every job sharing its key, the first time the key lands (duplicates and strangers dropped). */
  private take(r: FitResult, notify = true): FitResult[] {
    if (!this.pending.delete(r.key)) return [];
    const out = (this.byKey.get(r.key) ?? []).map((j): FitResult => ({ ...r, candidateIndex: j.candidateIndex, splitIndex: j.splitIndex }));
    if (notify && this.options.onResult) for (const o of out) this.options.onResult(o);
    return out;
  }

  /**
   * Step 5: a finished search's keys are removed; an unfinished one is marked cancelled (workers
   * stop between fits) and its waiting batches removed, its results kept for a re-run. Never waits
   * on a Redis that is down: what cannot be cleaned up expires with the coordinator's heartbeat.
   */
  async end(): Promise<void> {
    const { redis, queue, keys, watch, settings } = this.ctx;
    const searchId = this.stats.searchId;
    this.reader?.disconnect();
    if (!watch.isUp) return;
    if (this.finished) {
      await ConnectionWatch.within(redis.del(...keys.searchKeys(searchId)), 5000);
      return;
    }
    await ConnectionWatch.within(
      (async () => {
        await redis.set(keys.state(searchId), 'cancelled', 'EX', settings.coordinatorGraceSeconds);
        await redis.publish(keys.control(), JSON.stringify({ searchId, state: 'cancelled' } satisfies ControlMessage));
        await Promise.all([...this.batches.keys()].map((id) => queue.remove(id).catch(() => 0)));
      })(),
      5000,
    );
  }

  private get aborted(): boolean {
    return this.options.signal?.aborted ?? false;
  }

  /** Every Redis call of a run: bounded by the outage bound, cut short by the abort signal. */
  private g<T>(p: Promise<T>): Promise<T> {
    return this.ctx.watch.guard(p, this.options.signal);
  }
}
