/**
 * `--executor local|cluster|inline`, `--threads`, `--redis`: the executor a
 * CLI search runs on. The CLI closes what it creates.
 */
import type { Executor } from '../executors/executor.js';
import { InlineExecutor } from '../executors/inline.js';
import { UsageError } from './errors.js';

/** Executor names `--executor` accepts. */
export const EXECUTOR_KINDS = ['local', 'cluster', 'inline'] as const;
/** One of EXECUTOR_KINDS. */
export type ExecutorKind = (typeof EXECUTOR_KINDS)[number];

/** What the executor options select. */
export interface ExecutorOptions {
  executor?: ExecutorKind;
  threads?: number;
  redis?: string;
  /** BullMQ queue name and key prefix of the cluster (must match the workers'). */
  queue?: string;
  prefix?: string;
  /** Seconds Redis may stay unreachable during a cluster search (ClusterExecutor's redisTimeoutMs). */
  redisTimeout?: number;
  /** Seconds workers keep taking fits after the coordinator's last heartbeat (ClusterExecutor's coordinatorGraceSeconds). */
  coordinatorGrace?: number;
  /** Cluster: fits wait with no live worker (`undefined` once they run again); see ClusterExecutorOptions.onWaiting. */
  onWaiting?: (waiting: { alive: number; pending: number; queueName: string } | undefined) => void;
}

/** The executor and a label for the summary; `executor` undefined means the search's default (it closes it). */
export async function executorFromOptions(o: ExecutorOptions): Promise<{ executor?: Executor; label: string }> {
  const kind = o.executor ?? (o.redis ? 'cluster' : 'local');
  if (kind !== 'cluster' && (o.redis || o.queue || o.prefix || o.redisTimeout !== undefined || o.coordinatorGrace !== undefined)) {
    throw new UsageError(
      `--redis, --queue, --prefix, --redis-timeout and --coordinator-grace are only used with --executor cluster; drop them or add --executor cluster`,
    );
  }
  if (kind === 'cluster') {
    if (o.threads !== undefined) {
      throw new UsageError(`--threads does not apply to --executor cluster: each 'hyperfold worker' sets its own --concurrency`);
    }
    const connection = o.redis ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
    const { ClusterExecutor } = await import('../executors/cluster/index.js'); // loads bullmq only when asked for
    const executor = new ClusterExecutor({
      connection,
      ...(o.queue ? { queueName: o.queue } : {}),
      ...(o.prefix ? { prefix: o.prefix } : {}),
      ...(o.redisTimeout !== undefined ? { redisTimeoutMs: o.redisTimeout * 1000 } : {}),
      ...(o.coordinatorGrace !== undefined ? { coordinatorGraceSeconds: o.coordinatorGrace } : {}),
      ...(o.onWaiting ? { onWaiting: o.onWaiting } : {}),
    });
    return { executor, label: `cluster (queue '${o.queue ?? 'hyperfold'}' on ${connection.replace(/\/\/([^@/]*:)?[^@/]*@/, '//***@')})` };
  }
  if (kind === 'inline') {
    if (o.threads !== undefined) throw new UsageError(`--threads does not apply to --executor inline (it runs in this thread)`);
    return { executor: new InlineExecutor(), label: 'inline (this thread)' };
  }
  if (o.threads === undefined) return { label: 'local thread pool (default)' };
  const { PiscinaExecutor } = await import('../executors/piscina/index.js');
  return { executor: new PiscinaExecutor({ maxThreads: o.threads }), label: `local thread pool (${o.threads} threads)` };
}
