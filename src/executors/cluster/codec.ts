import type { DataSet, DerivedPayload } from '../../data/dataset.js';
import type { Labels } from '../../data/matrix.js';
import { ExecutorError } from '../../errors.js';

/**
 * Binary encoding of a DataSet (X, y and every derived payload) for Redis:
 * a magic tag, a small JSON header that names each typed array with its byte
 * offset, then the raw array bytes, each 8-byte aligned. Decoding copies each
 * array out of the buffer once. Hand-written because the layout is ours
 * (typed arrays + header); a general serializer (msgpack, v8.serialize) would
 * either copy arrays element-wise or tie the format to a V8 version.
 */

type TypedArray = Float64Array | Float32Array | Int32Array | Uint32Array | Uint16Array | Uint8Array;

const CTORS = {
  Float64Array,
  Float32Array,
  Int32Array,
  Uint32Array,
  Uint16Array,
  Uint8Array,
} as const;
type ArrayType = keyof typeof CTORS;

interface ArrayRef {
  type: ArrayType;
  offset: number;
  length: number;
}

interface Header {
  id: string;
  rows: number;
  cols: number;
  X: ArrayRef;
  y: ArrayRef;
  derived: Record<string, { meta: DerivedPayload['meta']; arrays: Record<string, ArrayRef> }>;
}

const MAGIC = Buffer.from('HFDS0001', 'latin1');
const FOLD_MAGIC = Buffer.from('HFFD0001', 'latin1');

function typeOf(a: TypedArray): ArrayType {
  const name = a.constructor.name;
  if (!(name in CTORS)) throw new ExecutorError(`cluster codec: cannot encode a ${name}; use Float64/Float32/Int32/Uint32/Uint16/Uint8 arrays`);
  return name as ArrayType;
}

const align8 = (n: number): number => (n + 7) & ~7;

/** Encodes a DataSet as one Buffer (see the module comment for the layout). */
export function encodeDataSet(data: DataSet): Buffer {
  const arrays: TypedArray[] = [];
  let cursor = 0;
  const ref = (a: TypedArray): ArrayRef => {
    const r: ArrayRef = { type: typeOf(a), offset: cursor, length: a.length };
    cursor = align8(cursor + a.byteLength);
    arrays.push(a);
    return r;
  };
  const header: Header = { id: data.id, rows: data.X.rows, cols: data.X.cols, X: ref(data.X.data), y: ref(data.y), derived: {} };
  for (const [name, payload] of data.derived) {
    // process-local payloads (e.g. SVC's kernel arena: working memory, rebuilt by each worker) are not shipped
    if (payload.meta.local) continue;
    const refs: Record<string, ArrayRef> = {};
    for (const [k, a] of Object.entries(payload.arrays)) refs[k] = ref(a);
    header.derived[name] = { meta: payload.meta, arrays: refs };
  }
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const bodyStart = align8(MAGIC.length + 4 + headerBytes.length);
  const out = Buffer.alloc(bodyStart + cursor);
  MAGIC.copy(out, 0);
  out.writeUInt32LE(headerBytes.length, MAGIC.length);
  headerBytes.copy(out, MAGIC.length + 4);
  let i = 0;
  const write = (r: ArrayRef): void => {
    const a = arrays[i++]!;
    Buffer.from(a.buffer, a.byteOffset, a.byteLength).copy(out, bodyStart + r.offset);
  };
  write(header.X);
  write(header.y);
  for (const d of Object.values(header.derived)) for (const r of Object.values(d.arrays)) write(r);
  return out;
}

function readArray(buf: Buffer, bodyStart: number, r: ArrayRef): TypedArray {
  const Ctor = CTORS[r.type];
  if (!Ctor) throw new ExecutorError(`cluster codec: unknown array type '${String(r.type)}' in a stored data set`);
  const bytes = r.length * Ctor.BYTES_PER_ELEMENT;
  if (bodyStart + r.offset + bytes > buf.length) throw new ExecutorError('cluster codec: stored data set is truncated');
  const out = new Ctor(r.length);
  new Uint8Array(out.buffer).set(buf.subarray(bodyStart + r.offset, bodyStart + r.offset + bytes));
  return out;
}

/** Decodes a Buffer made by `encodeDataSet`; throws an ExecutorError if it is not one. */
export function decodeDataSet(buf: Buffer): DataSet {
  if (buf.length < MAGIC.length + 4 || !buf.subarray(0, MAGIC.length).equals(MAGIC)) {
    throw new ExecutorError('cluster codec: the stored value is not a hyperfold data set (bad magic); was the key overwritten?');
  }
  const headerLength = buf.readUInt32LE(MAGIC.length);
  const header = JSON.parse(buf.subarray(MAGIC.length + 4, MAGIC.length + 4 + headerLength).toString('utf8')) as Header;
  const bodyStart = align8(MAGIC.length + 4 + headerLength);
  const X = readArray(buf, bodyStart, header.X);
  if (!(X instanceof Float64Array) || X.length !== header.rows * header.cols) {
    throw new ExecutorError(`cluster codec: stored X is not a ${header.rows}×${header.cols} Float64Array`);
  }
  const y = readArray(buf, bodyStart, header.y);
  if (!(y instanceof Float64Array || y instanceof Int32Array)) throw new ExecutorError('cluster codec: stored y is not Float64Array/Int32Array');
  const derived = new Map<string, DerivedPayload>();
  for (const [name, d] of Object.entries(header.derived)) {
    const arrays: Record<string, TypedArray> = {};
    for (const [k, r] of Object.entries(d.arrays)) arrays[k] = readArray(buf, bodyStart, r);
    derived.set(name, { meta: d.meta, arrays });
  }
  return { id: header.id, X: { data: X, rows: header.rows, cols: header.cols }, y: y as Labels, derived };
}

/** One fold's train and test indices. */
export interface FoldIndices {
  train: Int32Array;
  test: Int32Array;
}

/** Encodes a fold (train + test Int32Arrays) as one Buffer. */
export function encodeFold(fold: FoldIndices): Buffer {
  const out = Buffer.alloc(FOLD_MAGIC.length + 8 + (fold.train.length + fold.test.length) * 4);
  FOLD_MAGIC.copy(out, 0);
  out.writeUInt32LE(fold.train.length, FOLD_MAGIC.length);
  out.writeUInt32LE(fold.test.length, FOLD_MAGIC.length + 4);
  const start = FOLD_MAGIC.length + 8;
  Buffer.from(fold.train.buffer, fold.train.byteOffset, fold.train.byteLength).copy(out, start);
  Buffer.from(fold.test.buffer, fold.test.byteOffset, fold.test.byteLength).copy(out, start + fold.train.byteLength);
  return out;
}

/** Decodes a Buffer made by `encodeFold`. */
export function decodeFold(buf: Buffer): FoldIndices {
  if (buf.length < FOLD_MAGIC.length + 8 || !buf.subarray(0, FOLD_MAGIC.length).equals(FOLD_MAGIC)) {
    throw new ExecutorError('cluster codec: the stored value is not a hyperfold fold (bad magic)');
  }
  const nTrain = buf.readUInt32LE(FOLD_MAGIC.length);
  const nTest = buf.readUInt32LE(FOLD_MAGIC.length + 4);
  const start = FOLD_MAGIC.length + 8;
  if (buf.length !== start + (nTrain + nTest) * 4) throw new ExecutorError('cluster codec: stored fold is truncated');
  const train = new Int32Array(nTrain);
  const test = new Int32Array(nTest);
  new Uint8Array(train.buffer).set(buf.subarray(start, start + nTrain * 4));
  new Uint8Array(test.buffer).set(buf.subarray(start + nTrain * 4));
  return { train, test };
}
