import type { Redis } from 'ioredis';
import type { ClusterKeys } from './keys.js';

/** What the coordinator knows about the workers listening on its queue. */
export interface WorkerCensus {
  /** Live worker processes (heartbeat within the last 15 s). */
  workers: number;
  /** Sum of their concurrency (threads). */
  slots: number;
  /** Estimator names registered in at least one live worker. */
  estimators: Set<string>;
}

/** Reads the live workers of the queue from their heartbeats. */
export async function workerCensus(redis: Redis, keys: ClusterKeys): Promise<WorkerCensus> {
  const ids = await redis.zrangebyscore(keys.workers(), Date.now() - 15_000, '+inf');
  const census: WorkerCensus = { workers: 0, slots: 0, estimators: new Set() };
  if (ids.length === 0) return census;
  const infos = await redis.hmget(keys.workerInfo(), ...ids);
  for (const raw of infos) {
    if (!raw) continue;
    try {
      const info = JSON.parse(raw) as { concurrency?: unknown; estimators?: unknown };
      census.workers++;
      census.slots += typeof info.concurrency === 'number' ? info.concurrency : 1;
      if (Array.isArray(info.estimators)) for (const e of info.estimators) if (typeof e === 'string') census.estimators.add(e);
    } catch {
      /* a malformed heartbeat counts as no worker */
    }
  }
  return census;
}

/** Inputs of the batch-size rule. */
export interface BatchSizing {
  /** Fits to enqueue. */
  fits: number;
  /** Threads across the live workers (0 when none is connected yet). */
  slots: number;
  /** Mean seconds per fit measured by the workers for this estimator, if known. */
  meanFitSeconds?: number;
  /** Target seconds of work per BullMQ job. */
  targetSeconds: number;
  /** Upper bound on fits per BullMQ job. */
  maxBatch: number;
}

/**
 * Fits per BullMQ job. With a measured fit time: about `targetSeconds` of work
 * per batch (BullMQ's per-job cost is amortised over cheap fits; a worker that
 * dies loses at most that much), but at least 4 batches per thread. Without one:
 * one fit per BullMQ job up to 128 fits per thread (BullMQ's ~0.2 ms per job is
 * nothing beside a real fit, and single fits balance best), larger batches beyond. Like joblib's
 * auto-batching, sized once per run from the workers' measured fit times.
 */
export function batchSize(s: BatchSizing): number {
  const slots = Math.max(1, s.slots || 2);
  if (s.meanFitSeconds && s.meanFitSeconds > 0) {
    const byTime = Math.floor(s.targetSeconds / s.meanFitSeconds);
    const balance = Math.ceil(s.fits / (slots * 4));
    return Math.max(1, Math.min(s.maxBatch, byTime, balance));
  }
  // fit time unknown: many small batches, so slow fits still spread over every thread
  return Math.max(1, Math.min(s.maxBatch, Math.ceil(s.fits / (slots * 128))));
}
