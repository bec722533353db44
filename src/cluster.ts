/**
 * `hyperfold/cluster`: the cluster executor (BullMQ over Redis) and its worker.
 * A separate entry so that `import 'hyperfold'` loads neither bullmq nor
 * ioredis; importing this one also registers the built-in estimators and
 * scorers by name (a worker rebuilds jobs' estimators through the registry).
 */
import './estimators/index.js';
import './metrics/index.js';

export { ClusterExecutor, startWorker } from './executors/cluster/index.js';
export type {
  ClusterExecutorOptions,
  ClusterRunStats,
  WaitingForWorkers,
  WorkerOptions,
  ClusterWorker,
  ClusterConnection,
} from './executors/cluster/index.js';
