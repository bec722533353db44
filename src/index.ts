/**
 * hyperfold — hyperparameter search for Node.js (GridSearchCV / RandomizedSearchCV
 * with scikit-learn-grade results) on a worker-thread pool or a BullMQ cluster.
 */
export * from './errors.js';
export * from './data/index.js';
export * from './estimators/index.js';
export * from './params/index.js';
export * from './split/index.js';
export * from './metrics/index.js';
export * from './jobs/index.js';
export * from './search/index.js';
export * from './executors/index.js';
