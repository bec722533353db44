import type { KernelSpec } from './kernel.js';
import { diagonal, type KernelRows } from './kernel-source.js';
import type { QColumns } from './q-matrix.js';
import type { SmoWorkspace } from './smo-workspace.js';
import { swapEntries } from './swap.js';

/**
 * libsvm's `SVC_Q` for one binary sub-problem when the data set's whole kernel
 * matrix is at hand (the search's shared kernel arena): a column of the
 * sub-problem's l × l block of Q = yi·yj·K (float32, the very values libsvm's cache
 * would hold) is gathered from it on first use — no kernel evaluation — into one
 * reused buffer, and stays there (no allocation, no eviction). The arena orders rows
 * by class, so a column's entries lie in two spans of a matrix row: both are copied
 * into the workspace (memcpy) and gathered there in WebAssembly (wasm/smo-loops.ts).
 * Shrinking's swaps move rows and columns in place, as libsvm's cache swaps entries,
 * so the solver's iterates are the same as with `QMatrix`.
 */
export class DenseQ implements QColumns {
  readonly QD: Float64Array;
  private readonly M: Float32Array;
  private readonly views: (Float32Array | undefined)[];
  /** filled[i]: row i of the block (= column i) has been gathered. */
  private readonly filled: Uint8Array;
  /** Where each position's data row sits in K (permuted with the positions). */
  private readonly at: Int32Array;
  /** The spans [a0, a1) and [b0, b1) of a K row holding the positions labelled +1 and −1. */
  private readonly a0: number;
  private readonly a1: number;
  private readonly b0: number;
  private readonly b1: number;

  constructor(
    src: KernelRows,
    kernel: KernelSpec,
    /** Data row of each position (permuted with the positions). */
    private readonly ids: Int32Array,
    /** ±1 label of each position (permuted with the positions; shared with the solver). */
    private readonly y: Int8Array,
    /** The data set's kernel matrix for `kernel` (n × n, rows at `pos`). */
    private readonly K: Float32Array,
    pos: Int32Array,
    /** The solver's workspace: the block, the spans' copy, positions' places and labels live there. */
    private readonly ws: SmoWorkspace,
    private readonly n = src.n,
  ) {
    const l = ids.length;
    this.at = Int32Array.from(ids, (r) => pos[r]!);
    this.QD = new Float64Array(l);
    for (let i = 0; i < l; i++) this.QD[i] = diagonal(src, kernel, ids[i]!);
    let a0 = n;
    let a1 = 0;
    let b0 = n;
    let b1 = 0;
    for (let t = 0; t < l; t++) {
      const p = this.at[t]!;
      if (y[t] === 1) {
        a0 = Math.min(a0, p);
        a1 = Math.max(a1, p + 1);
      } else {
        b0 = Math.min(b0, p);
        b1 = Math.max(b1, p + 1);
      }
    }
    this.a0 = a0;
    this.a1 = Math.max(a0, a1);
    this.b0 = b0;
    this.b1 = Math.max(b0, b1);
    const lenA = this.a1 - a0;
    const loc = ws.loc.subarray(0, l);
    for (let t = 0; t < l; t++) loc[t] = y[t] === 1 ? this.at[t]! - a0 : this.at[t]! - b0 + lenA;
    ws.qy.set(y);
    this.M = ws.scratch.subarray(0, l * l);
    this.views = new Array<Float32Array | undefined>(l);
    this.filled = new Uint8Array(l);
  }

  /** Column i, gathered on first use (all l entries are valid whatever `len`). */
  getQ(i: number, _len: number): Float32Array {
    const l = this.ids.length;
    let v = this.views[i];
    if (!v) {
      v = this.M.subarray(i * l, (i + 1) * l);
      this.views[i] = v;
    }
    if (!this.filled[i]) {
      this.filled[i] = 1;
      const { K, ws } = this;
      const base = this.at[i]! * this.n;
      ws.raw.set(K.subarray(base + this.a0, base + this.a1), 0);
      ws.raw.set(K.subarray(base + this.b0, base + this.b1), this.a1 - this.a0);
      ws.loops.gatherColumn(v.byteOffset, ws.raw.byteOffset, ws.loc.byteOffset, ws.qy.byteOffset, this.y[i]!, l);
    }
    return v;
  }

  /** Swaps positions i and j: rows and columns of the block, labels, data rows, diagonal. */
  swapIndex(i: number, j: number): void {
    if (i === j) return;
    const { M, ids, y, QD, filled } = this;
    const l = ids.length;
    const oi = i * l;
    const oj = j * l;
    for (let t = 0; t < l; t++) {
      const v = M[oi + t]!;
      M[oi + t] = M[oj + t]!;
      M[oj + t] = v;
    }
    swapEntries(filled, i, j);
    for (let t = 0; t < l; t++) {
      if (!filled[t]) continue;
      const o = t * l;
      const v = M[o + i]!;
      M[o + i] = M[o + j]!;
      M[o + j] = v;
    }
    swapEntries(ids, i, j);
    swapEntries(this.at, i, j);
    swapEntries(this.ws.loc, i, j);
    swapEntries(this.ws.qy, i, j);
    swapEntries(y, i, j);
    swapEntries(QD, i, j);
  }
}
