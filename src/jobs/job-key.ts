import * as crypto from 'node:crypto';
import { createHash } from 'node:crypto';
import type { ParamValue, Params } from '../estimators/estimator.js';

/** JSON with object keys sorted at every level, so equal params give equal text. */
export function canonicalJSON(v: ParamValue | Params | undefined): string {
  if (v === undefined) return 'null';
  if (v === null || typeof v !== 'object') {
    if (typeof v === 'number' && !Number.isFinite(v)) return JSON.stringify(String(v));
    return JSON.stringify(v);
  }
  if (Array.isArray(v)) return `[${v.map((x) => canonicalJSON(x)).join(',')}]`;
  const keys = Object.keys(v).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJSON((v as Record<string, ParamValue>)[k])}`).join(',')}}`;
}

/** One-shot sha256 (`crypto.hash`, Node ≥ 20.12: no Hash object per call), else createHash; the same digest either way. */
const oneShot = (crypto as { hash?: (algorithm: 'sha256', data: string, encoding: 'hex' | 'buffer') => string | Buffer }).hash;
function sha256(data: string): string;
function sha256(data: string, encoding: 'buffer'): Buffer;
function sha256(data: string, encoding: 'hex' | 'buffer' = 'hex'): string | Buffer {
  if (oneShot) return oneShot('sha256', data, encoding);
  const h = createHash('sha256').update(data);
  return encoding === 'hex' ? h.digest('hex') : h.digest();
}

const indexHashes = new WeakMap<Int32Array, string>();

/**
 * Hash of a typed array's bytes (fold indices). Remembered per array: every job of a
 * search shares its fold's arrays, so a 2,500-candidate search hashes each fold once,
 * not 2,500 times. Fold arrays are never written after the splitter made them.
 */
export function hashIndices(a: Int32Array): string {
  let h = indexHashes.get(a);
  if (h === undefined) {
    h = createHash('sha256')
      .update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength))
      .digest('hex')
      .slice(0, 16);
    indexHashes.set(a, h);
  }
  return h;
}

/**
 * The stable key of a job: a hash of (data fingerprint, estimator name, params,
 * train and test indices, scoring, returnTrainScore). Same job, same key, on
 * every run and host — journals and the cluster's job ids rely on it.
 */
export function jobKey(parts: {
  dataId: string;
  estimatorName: string;
  params: Params;
  /** `canonicalJSON(params)`, when the caller already has it (a candidate's jobs share it). */
  paramsJSON?: string;
  train: Int32Array;
  test: Int32Array;
  scoring: Record<string, string>;
  /** `canonicalJSON(scoring)`, when the caller already has it (every job of a search shares it). */
  scoringJSON?: string;
  returnTrainScore: boolean;
}): string {
  const text =
    `${parts.dataId}\0${parts.estimatorName}\0${parts.paramsJSON ?? canonicalJSON(parts.params)}` +
    `\0${hashIndices(parts.train)}\0${hashIndices(parts.test)}` +
    `\0${parts.scoringJSON ?? canonicalJSON(parts.scoring)}\0${String(parts.returnTrainScore)}`;
  return sha256(text).slice(0, 40);
}

/** A 32-bit seed derived from the search seed and the job key (independent of execution order). */
export function deriveSeed(searchSeed: number, key: string): number {
  return sha256(`${searchSeed}:${key}`, 'buffer').readUInt32LE(0);
}
