import type { DataSet, DerivedPayload } from '../../data/dataset.js';
import type { Labels } from '../../data/matrix.js';

/** The typed-array kinds a data set (X, y, derived payloads) is made of. */
export type SharedTypedArray = Float64Array | Float32Array | Int32Array | Uint32Array | Uint16Array | Uint8Array;

/**
 * A data set whose arrays all live in SharedArrayBuffers: structured-cloning it
 * to a worker thread shares the memory (no copy). `key` names this exact
 * content (data id + the derived payloads present when it was shared).
 */
export interface SharedDataSet {
  key: string;
  id: string;
  rows: number;
  cols: number;
  X: Float64Array;
  y: Labels;
  derived: { name: string; meta: DerivedPayload['meta']; arrays: Record<string, SharedTypedArray>; memory?: object }[];
}

/** Copies a typed array into a new SharedArrayBuffer (once, in the main thread). */
export function toShared<T extends SharedTypedArray>(a: T): T {
  if (a.buffer instanceof SharedArrayBuffer) return a;
  const Ctor = a.constructor as new (buffer: SharedArrayBuffer) => T;
  const out = new Ctor(new SharedArrayBuffer(a.byteLength));
  out.set(a as never);
  return out;
}

function derivedSignature(data: DataSet): string {
  return [...data.derived.keys()].sort().join('|');
}

const sharedCache = new WeakMap<DataSet, SharedDataSet>();

/**
 * The shared form of `data`, made once per data set object (and again only when
 * new derived payloads appeared since): X, y and every derived array are copied
 * into SharedArrayBuffers here and never again.
 */
export function shareDataSet(data: DataSet): SharedDataSet {
  const signature = derivedSignature(data);
  const key = signature ? `${data.id}#${signature}` : data.id;
  const cached = sharedCache.get(data);
  if (cached && cached.key === key) return cached;
  const reuse = new Map(cached?.derived.map((d) => [d.name, d]) ?? []);
  const shared: SharedDataSet = {
    key,
    id: data.id,
    rows: data.X.rows,
    cols: data.X.cols,
    X: cached?.X ?? toShared(data.X.data),
    y: cached?.y ?? toShared(data.y),
    derived: [...data.derived].map(([name, payload]) => {
      const prev = reuse.get(name);
      if (prev) return prev;
      const arrays: Record<string, SharedTypedArray> = {};
      for (const [k, a] of Object.entries(payload.arrays)) arrays[k] = toShared(a);
      return { name, meta: payload.meta, arrays, memory: payload.memory };
    }),
  };
  sharedCache.set(data, shared);
  return shared;
}

/** Rebuilds a DataSet over the shared arrays (zero-copy views), in a worker thread. */
export function dataSetFromShared(shared: SharedDataSet): DataSet {
  const derived = new Map<string, DerivedPayload>();
  for (const d of shared.derived) derived.set(d.name, { meta: d.meta, arrays: d.arrays, memory: d.memory });
  return { id: shared.id, X: { data: shared.X, rows: shared.rows, cols: shared.cols }, y: shared.y, derived };
}
