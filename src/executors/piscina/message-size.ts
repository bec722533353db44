import { serialize } from 'node:v8';
import type { FitJob } from '../../jobs/types.js';
import type { FoldTable } from './fold-table.js';
import { encodeBatch } from './wire.js';

/**
 * Bytes of the structured-clone encoding (what postMessage copies) of a batch
 * message carrying this one job, once the thread holds the data set and
 * folds — the steady-state cost of sending a job to a pool thread. Its own
 * module, so pool threads do not load node:v8.
 */
export function jobMessageBytes(job: FitJob, folds: FoldTable, dataKey = job.dataId): number {
  return serialize(encodeBatch([job], [0], new Int32Array(1), folds, { run: 0, dataKey, dataId: job.dataId })).byteLength;
}
