import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { DataSet } from '../../data/dataset.js';
import { ExecutorError, ValidationError } from '../../errors.js';
import type { FitJob, FitResult } from '../../jobs/types.js';
import type { Executor, ExecutorActivity, RunOptions } from '../executor.js';
import { workerCensus } from './batching.js';
import { bullConnection, connectChecked, resolveConnection, type ClusterConnection, type ResolvedConnection } from './connection.js';
import { ConnectionWatch } from './connection-watch.js';
import { ClusterKeys } from './keys.js';
import { ClusterRun, type ClusterRunStats, type RunSettings, type WaitingForWorkers } from './run.js';

export type { ClusterRunStats, WaitingForWorkers } from './run.js';

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
  /** Seconds the data set (and folds) stay in Redis after the last search that used them. Default 21600 (6 h). */
  dataTtlSeconds?: number;
  /**
   * Seconds a search's results stay after their last write, so an interrupted search can resume
   * (the journal is the durable record). Default 21600 (6 h).
   */
  resultsTtlSeconds?: number;
  /** Fits per BullMQ job; default: sized from the number of fits, live worker threads and measured fit times. */
  batchSize?: number;
  /** Upper bound on automatic batch size. Default 500. */
  maxBatchSize?: number;
  /** Milliseconds to wait for Redis before failing. Default 3000. */
  connectTimeoutMs?: number;
  /** Milliseconds without any result after which lost batches are looked for and re-enqueued. Default 5000. */
  watchdogMs?: number;
  /**
   * Milliseconds Redis may stay unreachable (or leave a command unanswered) during a run before
   * the run fails with a RedisUnreachableError naming the URL. Default 60000.
   */
  redisTimeoutMs?: number;
  /**
   * Milliseconds between the coordinator's heartbeats; each one also checks that Redis still
   * knows the search (a restart, flush or failover is noticed within this, or at the reconnect).
   * Default 2000 (or a quarter of a shorter grace period).
   */
  heartbeatMs?: number;
  /**
   * Seconds after the coordinator's last heartbeat during which workers keep taking the search's
   * fits; after that the search counts as orphaned (coordinator gone) and its waiting fits are
   * skipped. Long enough that a quick re-run still finds what workers finished. Default 600.
   */
  coordinatorGraceSeconds?: number;
  /** Milliseconds between "waiting for workers: 0 alive" lines while no result arrives. Default 5000. */
  statusIntervalMs?: number;
  /** Where the coordinator's one-line notices go (Redis lost / back, waiting for workers). Default: stderr. */
  log?: (line: string) => void;
  /**
   * Called every `statusIntervalMs` while fits wait with no live worker (a progress display shows
   * it, e.g. the CLI's "waiting for workers: 0 alive"), then once with `undefined` when a worker
   * shows up or results flow again. When given, the "waiting for workers" line is not logged.
   */
  onWaiting?: (waiting: WaitingForWorkers | undefined) => void;
}

/**
 * Runs a search's fits on `hyperfold worker` processes on any number of hosts,
 * through a BullMQ queue on Redis. The data set is stored once (binary,
 * content-addressed, TTL'd); jobs carry names, params, seeds and fold ids.
 * Results are written once per job key, so a killed worker, a retried batch or a
 * second coordinator never duplicates a fit, and a re-run resumes. Faults (see
 * docs/cluster-faults.md): dead or hung workers are handed back by BullMQ's
 * stalled-job check; a Redis that lost the search is re-published; a Redis down
 * longer than `redisTimeoutMs` fails the run with one line naming the URL.
 */
export class ClusterExecutor implements Executor {
  readonly kind = 'cluster';
  /** Figures of the last run. */
  lastRun: ClusterRunStats | undefined;
  private current: ClusterRun | undefined;
  private readonly conn: ResolvedConnection;
  private readonly keys: ClusterKeys;
  private readonly settings: RunSettings;
  private readonly connectTimeoutMs: number;
  private readonly redisTimeoutMs: number;
  private readonly log: (line: string) => void;
  private readonly onWaiting: ((waiting: WaitingForWorkers | undefined) => void) | undefined;
  private redis: Redis | undefined;
  private queue: Queue | undefined;
  private watch: ConnectionWatch | undefined;
  private closed = false;

  constructor(options: ClusterExecutorOptions) {
    this.conn = resolveConnection(options.connection);
    const queueName = options.queueName ?? 'hyperfold';
    if (queueName.includes(':')) throw new ValidationError(`ClusterExecutor: queueName '${queueName}' must not contain ':'`);
    this.settings = {
      queueName,
      prefix: options.prefix ?? 'hyperfold',
      attempts: options.attempts ?? 3,
      backoff: options.backoff ?? 1000,
      jobTimeoutMs: options.jobTimeoutMs,
      dataTtlSeconds: options.dataTtlSeconds ?? 6 * 3600,
      resultsTtlSeconds: options.resultsTtlSeconds ?? 6 * 3600,
      batchSize: options.batchSize,
      maxBatchSize: options.maxBatchSize ?? 500,
      watchdogMs: options.watchdogMs ?? 5000,
      // a heartbeat at least 4 times per grace period
      heartbeatMs: options.heartbeatMs ?? Math.min(2000, (options.coordinatorGraceSeconds ?? 600) * 250),
      coordinatorGraceSeconds: options.coordinatorGraceSeconds ?? 600,
      statusIntervalMs: options.statusIntervalMs ?? 5000,
    };
    this.connectTimeoutMs = options.connectTimeoutMs ?? 3000;
    this.redisTimeoutMs = options.redisTimeoutMs ?? 60_000;
    this.log = options.log ?? ((line) => process.stderr.write(line + '\n'));
    this.onWaiting = options.onWaiting;
    const s = this.settings;
    if (s.jobTimeoutMs !== undefined && !(s.jobTimeoutMs > 0)) throw new ValidationError(`ClusterExecutor: jobTimeoutMs must be > 0 ms, got ${s.jobTimeoutMs}`);
    if (!(s.attempts >= 1)) throw new ValidationError(`ClusterExecutor: attempts must be ≥ 1, got ${s.attempts}`);
    for (const [name, v] of [
      ['redisTimeoutMs', this.redisTimeoutMs],
      ['heartbeatMs', s.heartbeatMs],
      ['statusIntervalMs', s.statusIntervalMs],
      ['watchdogMs', s.watchdogMs],
    ] as const) {
      if (!(v > 0)) throw new ValidationError(`ClusterExecutor: ${name} must be > 0 ms, got ${v}`);
    }
    for (const [name, v] of [
      ['coordinatorGraceSeconds', s.coordinatorGraceSeconds],
      ['resultsTtlSeconds', s.resultsTtlSeconds],
      ['dataTtlSeconds', s.dataTtlSeconds],
    ] as const) {
      if (!Number.isInteger(v) || v < 1) throw new ValidationError(`ClusterExecutor: ${name} must be a whole number of seconds ≥ 1, got ${v}`);
    }
    if (s.coordinatorGraceSeconds * 1000 <= 2 * s.heartbeatMs) {
      throw new ValidationError(
        `ClusterExecutor: coordinatorGraceSeconds (${s.coordinatorGraceSeconds} s) must exceed two heartbeats (heartbeatMs ${s.heartbeatMs})`,
      );
    }
    this.keys = new ClusterKeys(s.prefix, queueName);
  }

  private async connect(): Promise<{ redis: Redis; queue: Queue; watch: ConnectionWatch }> {
    if (this.closed) throw new ExecutorError('ClusterExecutor: already closed; create a new one');
    if (!this.redis) {
      const redis = await connectChecked(this.conn, this.connectTimeoutMs, 'coordinator');
      this.watch = new ConnectionWatch({ label: this.conn.label, role: 'cluster:', boundMs: this.redisTimeoutMs, log: this.log }).watch(redis);
      this.redis = redis;
    }
    if (!this.queue) {
      this.queue = new Queue(this.settings.queueName, { connection: bullConnection(this.conn), prefix: this.settings.prefix });
      this.watch!.quiet(this.queue);
    }
    return { redis: this.redis, queue: this.queue, watch: this.watch! };
  }

  /** Checks Redis answers, and that live workers (if any) know every estimator named in `jobs`. */
  async validate(jobs: readonly FitJob[]): Promise<void> {
    const { redis, watch } = await this.connect();
    const census = await watch.guard(workerCensus(redis, this.keys));
    if (census.workers === 0) return;
    for (const j of jobs) {
      if (!census.estimators.has(j.estimator.name)) {
        throw new ValidationError(
          `unknown estimator '${j.estimator.name}' (candidate ${j.candidateIndex}) on the ${census.workers} worker(s) of queue '${this.settings.queueName}'; ` +
            `they know: ${[...census.estimators].sort().join(', ')}. Start the workers with --modules <file> registering it.`,
        );
      }
    }
  }

  /** Runs the jobs on the cluster (see ClusterRun for the steps); yields results as they land. */
  async *run(data: DataSet, jobs: readonly FitJob[], options: RunOptions = {}): AsyncIterable<FitResult> {
    if (jobs.length === 0) return;
    const { redis, queue, watch } = await this.connect();
    const run = new ClusterRun(
      { redis, queue, watch, keys: this.keys, settings: this.settings, label: this.conn.label, log: this.log, onWaiting: this.onWaiting },
      data,
      jobs,
      options,
    );
    this.lastRun = run.stats;
    this.current = run;
    try {
      yield* run.results();
    } catch (err) {
      if (options.signal?.aborted) return; // the caller stopped the run: it counts what it got
      throw err;
    } finally {
      if (this.current === run) this.current = undefined;
      await run.end();
    }
  }

  /** Batches of the current run that workers hold now (BullMQ's active jobs, one Redis call). */
  async activity(): Promise<ExecutorActivity> {
    return { running: this.current ? await this.current.activeBatches() : 0, unit: 'batches' };
  }

  /** Where the last run's finished results survive: in Redis for resultsTtlSeconds, under its search id. */
  keptResults(): string | undefined {
    const run = this.lastRun;
    if (!run) return undefined;
    return `in Redis at ${this.conn.label} for ${Math.round(this.settings.resultsTtlSeconds / 360) / 10} h (search ${run.searchId})`;
  }

  /** Closes the queue and the Redis connection (at once when Redis is down). Idempotent. */
  async close(): Promise<void> {
    this.closed = true;
    const q = this.queue;
    const r = this.redis;
    const up = this.watch?.isUp ?? true;
    this.watch?.close();
    this.queue = undefined;
    this.redis = undefined;
    // BullMQ's disconnect waits for an 'end' that ioredis never emits between reconnect attempts: never await it unbounded
    if (q && !(up && (await ConnectionWatch.within(q.close(), 3000)))) await ConnectionWatch.within(q.disconnect(), 1000);
    if (r && !(up && (await ConnectionWatch.within(r.quit(), 3000)))) r.disconnect();
  }
}
