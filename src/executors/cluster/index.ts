export { ClusterExecutor, type ClusterExecutorOptions, type ClusterRunStats, type WaitingForWorkers } from './cluster-executor.js';
export { RedisUnreachableError } from './connection-watch.js';
export { defaultSearchId } from './plan.js';
export { startWorker, type WorkerOptions, type ClusterWorker } from './worker.js';
export { encodeDataSet, decodeDataSet, encodeFold, decodeFold, type FoldIndices } from './codec.js';
export { storeDataSet, storeFolds, DataCache } from './data-store.js';
export { resolveConnection, type ClusterConnection } from './connection.js';
export { ClusterKeys } from './keys.js';
