// Worker thread for registry.test.ts: rebuilds estimators from JSON through the registry and predicts.
import { parentPort, workerData } from 'node:worker_threads';
import { estimatorFromJSON } from '../../src/estimators/registry.js';
import '../../src/estimators/svc.js';
import '../../src/estimators/pipeline.js';
import '../../src/estimators/standard-scaler.js';
import type { Estimator, SerializedEstimator } from '../../src/estimators/estimator.js';

const { json, X } = workerData as { json: SerializedEstimator; X: { data: Float64Array; rows: number; cols: number } };
const est = estimatorFromJSON(json) as Estimator;
const exitListeners = process.listeners('unhandledRejection').filter((l) => /process\["exit"\]\(1\)/.test(String(l))).length;
parentPort!.postMessage({ pred: Array.from(est.predict(X)), exitListeners });
