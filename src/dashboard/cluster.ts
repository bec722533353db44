/**
 * The cluster page's source (`hyperfold dashboard --redis`): polls Redis about
 * once a second for the queue's job counts (BullMQ), the live workers (their
 * heartbeats: host, pid, threads, RSS, fits) and the searches whose keys are
 * in Redis — from any machine that reaches Redis, no search process needed.
 */
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { bullConnection, connectChecked, resolveConnection, type ClusterConnection } from '../executors/cluster/connection.js';
import { ClusterKeys } from '../executors/cluster/keys.js';
import type { ClusterSearchView, ClusterSnapshot, ClusterWorkerView } from './protocol.js';
import type { DashboardSource } from './server.js';

/** Options of `ClusterSource.connect`. */
export interface ClusterSourceOptions {
  connection: ClusterConnection;
  /** BullMQ queue the workers listen on (default 'hyperfold'). */
  queueName?: string;
  /** Redis key prefix (default 'hyperfold'). */
  prefix?: string;
  /** A worker whose last heartbeat is older than this is shown as lost (default 15 s, as the executor's census). */
  lostAfterMs?: number;
  /** Minimum milliseconds between two polls of Redis (default 1000). */
  pollMs?: number;
}

const HISTORY = 600;

/** Reads the cluster's state from Redis; see the module comment. */
export class ClusterSource implements DashboardSource {
  readonly finished = false;
  private snap: ClusterSnapshot;
  private lastPoll = 0;
  private readonly prevFits = new Map<string, { t: number; fits: number; rate: number | null }>();

  private constructor(
    private readonly redis: Redis,
    private readonly queue: Queue,
    private readonly keys: ClusterKeys,
    label: string,
    private readonly opts: Required<Pick<ClusterSourceOptions, 'lostAfterMs' | 'pollMs'>>,
  ) {
    this.snap = {
      kind: 'cluster',
      title: `cluster — queue ${keys.queue}`,
      redis: label,
      queue: keys.queue,
      prefix: keys.prefix,
      counts: { waiting: 0, active: 0, completed: 0, failed: 0, delayed: 0 },
      workers: [],
      searches: [],
      history: { t: [], completed: [], active: [], waiting: [] },
      error: null,
    };
  }

  /** Connects to Redis (fails fast, naming the URL, when it does not answer) and reads the first state. */
  static async connect(options: ClusterSourceOptions): Promise<ClusterSource> {
    const conn = resolveConnection(options.connection);
    const redis = await connectChecked(conn, 5_000, 'dashboard');
    const keys = new ClusterKeys(options.prefix ?? 'hyperfold', options.queueName ?? 'hyperfold');
    const queue = new Queue(keys.queue, { connection: bullConnection(conn), prefix: keys.prefix });
    queue.on('error', () => {});
    const source = new ClusterSource(redis, queue, keys, conn.label, { lostAfterMs: options.lostAfterMs ?? 15_000, pollMs: options.pollMs ?? 1_000 });
    await source.refresh();
    return source;
  }

  /** Polls Redis (at most once per `pollMs`); a failure is shown on the page, not thrown. */
  async refresh(): Promise<void> {
    const now = Date.now();
    if (now - this.lastPoll < this.opts.pollMs) return;
    this.lastPoll = now;
    try {
      const counts = await this.queue.getJobCounts('waiting', 'active', 'completed', 'failed', 'delayed', 'prioritized');
      const [workers, searches] = await Promise.all([this.readWorkers(now), this.readSearches()]);
      const h = this.snap.history;
      const c = {
        waiting: (counts.waiting ?? 0) + (counts.prioritized ?? 0),
        active: counts.active ?? 0,
        completed: counts.completed ?? 0,
        failed: counts.failed ?? 0,
        delayed: counts.delayed ?? 0,
      };
      h.t.push(now);
      h.completed.push(c.completed);
      h.active.push(c.active);
      h.waiting.push(c.waiting);
      if (h.t.length > HISTORY) for (const col of [h.t, h.completed, h.active, h.waiting]) col.shift();
      this.snap = { ...this.snap, counts: c, workers, searches, error: null };
    } catch (err) {
      this.snap = { ...this.snap, error: err instanceof Error ? err.message : String(err) };
    }
  }

  private async readWorkers(now: number): Promise<ClusterWorkerView[]> {
    const flat = await this.redis.zrange(this.keys.workers(), '0', '-1', 'WITHSCORES');
    const ids: string[] = [];
    const beats: number[] = [];
    for (let i = 0; i + 1 < flat.length; i += 2) {
      ids.push(flat[i]!);
      beats.push(Number(flat[i + 1]));
    }
    const infos = ids.length > 0 ? await this.redis.hmget(this.keys.workerInfo(), ...ids) : [];
    return ids.map((id, i) => {
      let info: Record<string, unknown> = {};
      try {
        info = JSON.parse(infos[i] ?? '{}') as Record<string, unknown>;
      } catch {
        /* a malformed heartbeat shows as a worker without details */
      }
      const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
      const fits = num(info.fits);
      const prev = this.prevFits.get(id);
      let rate = prev?.rate ?? null;
      if (fits !== null && prev && beats[i]! > prev.t) rate = (fits - prev.fits) / ((beats[i]! - prev.t) / 1000);
      if (fits !== null && (!prev || beats[i]! > prev.t)) this.prevFits.set(id, { t: beats[i]!, fits, rate });
      const age = Math.max(0, now - beats[i]!);
      return {
        id,
        host: typeof info.host === 'string' ? info.host : (id.split(':')[0] ?? id),
        pid: num(info.pid),
        concurrency: num(info.concurrency),
        rss: num(info.rss),
        fits,
        fitsPerSec: rate,
        lastSeenSec: age / 1000,
        lost: age > this.opts.lostAfterMs,
      };
    });
  }

  private async readSearches(): Promise<ClusterSearchView[]> {
    const pattern = this.keys.state('*');
    const found = new Set<string>();
    let cursor = '0';
    let rounds = 0;
    do {
      const [next, batch] = await this.redis.scan(cursor, 'MATCH', pattern, 'COUNT', '500');
      cursor = next;
      for (const k of batch) found.add(k);
    } while (cursor !== '0' && ++rounds < 200);
    const keys = [...found].slice(0, 200);
    const head = this.keys.state('');
    const prefix = head.slice(0, head.length - ':state'.length);
    const ids = keys.map((k) => k.slice(prefix.length, k.length - ':state'.length));
    if (ids.length === 0) return [];
    const p = this.redis.pipeline();
    for (const id of ids) p.get(this.keys.state(id)).hlen(this.keys.results(id));
    const replies = (await p.exec()) ?? [];
    return ids
      .map((id, i) => ({ id, state: String(replies[2 * i]?.[1] ?? 'gone'), results: Number(replies[2 * i + 1]?.[1] ?? 0) }))
      .sort((a, b) => b.results - a.results);
  }

  snapshot(): ClusterSnapshot {
    return this.snap;
  }

  delta(): ClusterSnapshot {
    return this.snap;
  }

  apiState(): ClusterSnapshot {
    return this.snap;
  }

  /** Closes the Redis connections. */
  async close(): Promise<void> {
    await this.queue.close().catch(() => {});
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
