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

const indexHashes = new WeakMap<Int32Array, string>();

/**
 * Hash of a typed array's bytes (fold indices). Remembered per array: every job of a
 * search shares its fold's arrays, so a 2,500-candidate search hashes each fold once,
 * not 2,500 times. Fold arrays are never written after the splitter made them.
 */
export function hashIndices(a: Int32Array): string {
  let h = indexHashes.get(a);
  if (h === undefined) {
    h = createHash('sha256').update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength)).digest('hex').slice(0, 16);
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
  returnTrainScore: boolean;
}): string {
  const h = createHash('sha256');
  h.update(parts.dataId);
  h.update('\0' + parts.estimatorName);
  h.update('\0' + (parts.paramsJSON ?? canonicalJSON(parts.params)));
  h.update('\0' + hashIndices(parts.train) + '\0' + hashIndices(parts.test));
  h.update('\0' + canonicalJSON(parts.scoring) + '\0' + String(parts.returnTrainScore));
  return h.digest('hex').slice(0, 40);
}

/** A 32-bit seed derived from the search seed and the job key (independent of execution order). */
export function deriveSeed(searchSeed: number, key: string): number {
  return createHash('sha256').update(`${searchSeed}:${key}`).digest().readUInt32LE(0);
}
