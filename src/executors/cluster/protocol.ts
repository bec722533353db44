import { createHash } from 'node:crypto';
import { ExecutorError } from '../../errors.js';
import type { Params } from '../../estimators/estimator.js';
import type { FitJob, FitResult } from '../../jobs/types.js';

/**
 * What one BullMQ job carries: several fits of one search on one data set.
 * Plain JSON — names, params, seeds and fold ids; never data, never code.
 */
export interface BatchData {
  v: 1;
  searchId: string;
  dataId: string;
  fits: WireFit[];
  /** A worker that produces no result for this long releases the batch for a retry (ClusterExecutor's jobTimeoutMs). */
  timeoutMs?: number;
  /** Seconds the search's results stay in Redis after their last write (ClusterExecutor's resultsTtlSeconds). */
  ttl?: number;
}

/** One fit inside a batch: a FitJob whose train/test indices are replaced by a fold id. */
export interface WireFit {
  key: string;
  candidateIndex: number;
  splitIndex: number;
  estimator: { name: string; params: Params };
  fold: string;
  scoring: Record<string, string>;
  returnTrainScore: boolean;
  seed: number;
  /** The search's fitTimeout (s): the worker's executor enforces it (it travels with the job). */
  fitTimeout?: number;
}

/** The content id of a fold (hash of its train and test indices). */
export function foldId(train: Int32Array, test: Int32Array): string {
  const h = createHash('sha256');
  h.update(new Uint8Array(train.buffer, train.byteOffset, train.byteLength));
  h.update('|');
  h.update(new Uint8Array(test.buffer, test.byteOffset, test.byteLength));
  return h.digest('hex').slice(0, 32);
}

/** A FitJob as it travels (indices replaced by the fold id). */
export function toWireFit(job: FitJob, fold: string): WireFit {
  return {
    key: job.key,
    candidateIndex: job.candidateIndex,
    splitIndex: job.splitIndex,
    estimator: job.estimator,
    fold,
    scoring: job.scoring,
    returnTrainScore: job.returnTrainScore,
    seed: job.seed,
    ...(job.fitTimeout !== undefined ? { fitTimeout: job.fitTimeout } : {}),
  };
}

/** The BullMQ job id of a batch: stable for the same search and the same fits (BullMQ ignores a second add). */
export function batchId(searchId: string, keys: readonly string[]): string {
  const h = createHash('sha256');
  for (const k of keys) h.update(k + '\n');
  return `${searchId}.${h.digest('hex').slice(0, 24)}`;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Validates a BullMQ job's data (it comes from Redis, so it is untrusted input). */
export function parseBatch(raw: unknown): BatchData {
  const bad = (what: string): never => {
    throw new ExecutorError(`cluster worker: malformed job data (${what}); was it enqueued by another program or another hyperfold version?`);
  };
  if (!isObject(raw) || raw.v !== 1) return bad('version');
  if (typeof raw.searchId !== 'string' || typeof raw.dataId !== 'string' || !Array.isArray(raw.fits)) return bad('searchId/dataId/fits');
  if (raw.timeoutMs !== undefined && !(typeof raw.timeoutMs === 'number' && raw.timeoutMs > 0)) return bad('timeoutMs');
  if (raw.ttl !== undefined && !(Number.isInteger(raw.ttl) && (raw.ttl as number) > 0)) return bad('ttl');
  for (const f of raw.fits as unknown[]) {
    if (!isObject(f)) return bad('fit');
    if (typeof f.key !== 'string' || typeof f.fold !== 'string') return bad('fit key/fold');
    if (!Number.isInteger(f.candidateIndex) || !Number.isInteger(f.splitIndex) || typeof f.seed !== 'number') return bad('fit indices/seed');
    if (!isObject(f.estimator) || typeof f.estimator.name !== 'string' || !isObject(f.estimator.params)) return bad('fit estimator');
    if (!isObject(f.scoring) || typeof f.returnTrainScore !== 'boolean') return bad('fit scoring');
    if (f.fitTimeout !== undefined && !(typeof f.fitTimeout === 'number' && f.fitTimeout > 0)) return bad('fit fitTimeout');
  }
  return raw as unknown as BatchData;
}

/** Parses a stored FitResult (coordinator side). */
export function parseResult(json: string): FitResult {
  const r = JSON.parse(json) as unknown;
  if (!isObject(r) || typeof r.ok !== 'boolean' || typeof r.key !== 'string') {
    throw new ExecutorError('cluster: a stored result is malformed (no ok/key); clear the search keys and run again');
  }
  return r as unknown as FitResult;
}

/**
 * Writes results once per key, only while the search is 'running', and appends
 * the newly written ones to the search's event stream as one entry, atomically.
 * KEYS: results hash, events stream, state. ARGV: ttl seconds, then key/json pairs.
 * Returns the number written, or -1 when the search is not running (cancelled / done).
 */
export const WRITE_RESULTS_LUA = `
if redis.call('GET', KEYS[3]) ~= 'running' then return -1 end
local entry = {}
for i = 2, #ARGV, 2 do
  if redis.call('HSETNX', KEYS[1], ARGV[i], ARGV[i + 1]) == 1 then
    entry[#entry + 1] = 'r'
    entry[#entry + 1] = ARGV[i + 1]
  end
end
if #entry > 0 then redis.call('XADD', KEYS[2], '*', unpack(entry)) end
redis.call('EXPIRE', KEYS[1], ARGV[1])
redis.call('EXPIRE', KEYS[2], ARGV[1])
return #entry / 2
`;

/**
 * The coordinator's heartbeat, which also tells whether Redis still knows the search.
 * KEYS: state. ARGV: grace seconds. Returns 0 when the state is gone (Redis restarted empty,
 * was flushed or failed over), else 1 after pushing the state's expiry `grace` seconds out:
 * a coordinator silent longer than that leaves a search workers no longer take fits of.
 */
export const HEARTBEAT_LUA = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('SET', KEYS[1], 'running', 'EX', ARGV[1])
return 1
`;

/** A control message on the pub/sub channel. */
export interface ControlMessage {
  searchId: string;
  state: 'running' | 'cancelled';
}
