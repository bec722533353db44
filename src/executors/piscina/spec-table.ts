import type { Params } from '../../estimators/estimator.js';
import type { FitJob } from '../../jobs/types.js';
import type { WireSpec } from './messages.js';
import { toShared } from './shared-data.js';

/**
 * The distinct (estimator, params, scoring) specs of a run as UTF-8 JSON in one
 * SharedArrayBuffer, with byte offsets: built once per run in the main thread,
 * read by each thread only for the specs it runs. A job message then names
 * its spec by number. JSON carries non-finite numbers and -0 as {"$hfnum": "…"}.
 */
export interface SharedSpecTable {
  text: Uint8Array;
  /** offsets[s] … offsets[s + 1] is spec s. */
  offsets: Int32Array;
}

const NUM = '$hfnum';

function replacer(_key: string, v: unknown): unknown {
  if (typeof v === 'number' && (!Number.isFinite(v) || Object.is(v, -0))) return { [NUM]: Object.is(v, -0) ? '-0' : String(v) };
  return v;
}

function reviver(_key: string, v: unknown): unknown {
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
    const keys = Object.keys(v);
    if (keys.length === 1 && keys[0] === NUM) return Number((v as Record<string, string>)[NUM]);
  }
  return v;
}

/** True when `v` holds a number JSON cannot carry (NaN, ±Infinity, -0): only then is the slower replacer needed. */
function hasSpecialNumber(v: unknown): boolean {
  if (typeof v === 'number') return !Number.isFinite(v) || Object.is(v, -0);
  if (v === null || typeof v !== 'object') return false;
  if (Array.isArray(v)) return v.some(hasSpecialNumber);
  for (const k in v) if (hasSpecialNumber((v as Record<string, unknown>)[k])) return true;
  return false;
}

function sameScoring(a: Record<string, string>, b: Record<string, string>): boolean {
  if (a === b) return true;
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => a[k] === b[k]);
}

/** Builds the run's spec table and each job's spec number (jobs sharing a params object share a spec). */
export function buildSpecTable(jobs: readonly FitJob[]): { table: SharedSpecTable; specOfJob: Int32Array } {
  const specOfJob = new Int32Array(jobs.length);
  const byParams = new Map<Params, { id: number; job: FitJob }[]>();
  const pieces: string[] = [];
  for (let i = 0; i < jobs.length; i++) {
    const job = jobs[i]!;
    let list = byParams.get(job.estimator.params);
    let hit: { id: number; job: FitJob } | undefined;
    if (list === undefined) {
      list = [];
      byParams.set(job.estimator.params, list);
    } else {
      for (const e of list) {
        if (
          e.job.estimator.name === job.estimator.name &&
          sameScoring(e.job.scoring, job.scoring) &&
          e.job.returnTrainScore === job.returnTrainScore &&
          e.job.fitTimeout === job.fitTimeout &&
          e.job.part?.index === job.part?.index &&
          e.job.part?.count === job.part?.count &&
          e.job.returnModel === job.returnModel
        ) {
          hit = e;
          break;
        }
      }
    }
    if (!hit) {
      hit = { id: pieces.length, job };
      const spec: WireSpec = { name: job.estimator.name, params: job.estimator.params, scoring: job.scoring, returnTrainScore: job.returnTrainScore };
      if (job.fitTimeout !== undefined) spec.fitTimeout = job.fitTimeout;
      if (job.part !== undefined) spec.part = job.part;
      if (job.returnModel !== undefined) spec.returnModel = job.returnModel;
      pieces.push(hasSpecialNumber(spec.params) ? JSON.stringify(spec, replacer) : JSON.stringify(spec));
      list.push(hit);
    }
    specOfJob[i] = hit.id;
  }
  // one string, written once into shared memory (not one Buffer per spec)
  const joined = pieces.join('');
  // ASCII text (the usual case: one test of the whole string): byte offsets are character offsets
  const ascii = Buffer.byteLength(joined, 'utf8') === joined.length;
  const offsets = new Int32Array(pieces.length + 1);
  for (let s = 0; s < pieces.length; s++) offsets[s + 1] = offsets[s]! + (ascii ? pieces[s]!.length : Buffer.byteLength(pieces[s]!, 'utf8'));
  const text = new Uint8Array(new SharedArrayBuffer(Math.max(1, offsets[pieces.length]!)));
  Buffer.from(text.buffer, text.byteOffset, text.byteLength).write(joined, 0, ascii ? 'latin1' : 'utf8');
  return { table: { text, offsets: toShared(offsets) }, specOfJob };
}

/** Parsed specs a thread keeps per run (a 500,000-candidate grid would otherwise keep every one it ran). */
const SPEC_CACHE_MAX = 4096;

/** Reads specs out of a shared table, each parsed once while cached (in a pool thread). */
export class SpecReader {
  private readonly cache = new Map<number, WireSpec>();
  private readonly bytes: Buffer;
  constructor(private readonly table: SharedSpecTable) {
    this.bytes = Buffer.from(table.text.buffer, table.text.byteOffset, table.text.byteLength);
  }
  /** Spec `s`. */
  get(s: number): WireSpec {
    let spec = this.cache.get(s);
    if (!spec) {
      const json = this.bytes.toString('utf8', this.table.offsets[s]!, this.table.offsets[s + 1]!);
      // a reviver is called for every key: only specs that carry a special number pay for it
      spec = (json.includes(NUM) ? JSON.parse(json, reviver) : JSON.parse(json)) as WireSpec;
      // a spec serves one candidate's few folds: a bounded cache keeps a thread's memory flat on huge grids
      if (this.cache.size >= SPEC_CACHE_MAX) this.cache.clear();
      this.cache.set(s, spec);
    }
    return spec;
  }
}
