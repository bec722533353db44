import { createHash } from 'node:crypto';
import type { Labels, Matrix } from './matrix.js';

/**
 * A data set as the executors move it: the float matrix, the targets and a
 * content fingerprint (its id). Executors ship it to each worker once and jobs
 * refer to it by `id` only.
 *
 * `derived` holds payloads computed once from the whole data set and shared by
 * every fit of a search (e.g. the forest's binned matrix). Keys are owned by
 * the estimator that computes them; values are typed arrays or plain objects
 * of typed arrays, so they can be placed in SharedArrayBuffers or sent as binary.
 */
export interface DataSet {
  readonly id: string;
  readonly X: Matrix;
  readonly y: Labels;
  readonly derived: Map<string, DerivedPayload>;
}

/** A payload derived from a data set: named typed arrays plus small numeric/string metadata. */
export interface DerivedPayload {
  readonly arrays: Record<string, Float64Array | Float32Array | Int32Array | Uint32Array | Uint16Array | Uint8Array>;
  readonly meta: Record<string, number | string | number[]>;
  /** The shared WebAssembly.Memory the arrays live in, when they do (posted with them to pool threads; process-local). */
  readonly memory?: object;
}

/** A stable content hash of X (shape and values) and y: same data, same id, on every host. */
export function fingerprint(X: Matrix, y: Labels): string {
  const h = createHash('sha256');
  h.update(`${X.rows}x${X.cols}|${y.constructor.name}|`);
  h.update(new Uint8Array(X.data.buffer, X.data.byteOffset, X.data.byteLength));
  h.update(new Uint8Array(y.buffer, y.byteOffset, y.byteLength));
  return h.digest('hex').slice(0, 32);
}

/** Makes a DataSet (computes its fingerprint). */
export function makeDataSet(X: Matrix, y: Labels, id?: string): DataSet {
  return { id: id ?? fingerprint(X, y), X, y, derived: new Map() };
}
