import * as crypto from 'node:crypto';
import { createHash } from 'node:crypto';
import type { ParamValue, Params } from '../estimators/estimator.js';

/** JSON text of object keys, remembered (a search writes the same few parameter names for every candidate). */
const keyTexts = new Map<string, string>();
function keyJSON(k: string): string {
  let t = keyTexts.get(k);
  if (t === undefined) {
    t = JSON.stringify(k);
    if (keyTexts.size < 4096) keyTexts.set(k, t);
  }
  return t;
}

/** JSON with object keys sorted at every level, so equal params give equal text. */
export function canonicalJSON(v: ParamValue | Params | undefined): string {
  if (v === undefined) return 'null';
  if (v === null || typeof v !== 'object') {
    if (typeof v === 'number' && !Number.isFinite(v)) return JSON.stringify(String(v));
    return JSON.stringify(v);
  }
  if (Array.isArray(v)) return `[${v.map((x) => canonicalJSON(x)).join(',')}]`;
  const keys = Object.keys(v).sort();
  // string appends rather than map/join: called once per candidate of a search
  let out = '{';
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    if (i > 0) out += ',';
    out += keyJSON(k);
    out += ':';
    out += canonicalJSON((v as Record<string, ParamValue>)[k]);
  }
  return `${out}}`;
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
  const keys = new JobKeys(parts.dataId, parts.estimatorName, parts.scoringJSON ?? canonicalJSON(parts.scoring), parts.returnTrainScore);
  return keys.key(parts.paramsJSON ?? canonicalJSON(parts.params), keys.fold(parts.train, parts.test));
}

/**
 * The keys of many jobs that share a data set, an estimator, a scoring and returnTrainScore (a
 * search's jobs): the same keys as `jobKey`, with the shared parts of the hashed text built once
 * instead of once per job.
 */
export class JobKeys {
  private readonly head: string;
  private readonly tail: string;

  constructor(dataId: string, estimatorName: string, scoringJSON: string, returnTrainScore: boolean) {
    this.head = `${dataId}\0${estimatorName}\0`;
    this.tail = `\0${scoringJSON}\0${String(returnTrainScore)}`;
  }

  /** The part of the keyed text that names a fold (rows `train`, scored on `test`): built once per fold, passed to `key`. */
  fold(train: Int32Array, test: Int32Array): string {
    return `\0${hashIndices(train)}\0${hashIndices(test)}${this.tail}`;
  }

  /** The key of the job fitting params `paramsJSON` (canonicalJSON) on the fold `fold` (from `fold`). */
  key(paramsJSON: string, fold: string): string {
    return sha256(this.head + paramsJSON + fold).slice(0, 40);
  }
}

/** A 32-bit seed derived from the search seed and the job key (independent of execution order). */
export function deriveSeed(searchSeed: number, key: string): number {
  return sha256(`${searchSeed}:${key}`, 'buffer').readUInt32LE(0);
}
