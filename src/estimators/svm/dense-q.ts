import type { KernelSpec } from './kernel.js';
import { diagonal, type KernelRows } from './kernel-source.js';
import type { QColumns } from './q-matrix.js';
import type { SmoWorkspace } from './smo-workspace.js';
import { swapEntries } from './swap.js';

/**
 * libsvm's `SVC_Q` for one binary sub-problem when the data set's whole kernel
 * matrix is at hand (the search's shared kernel arena): a column of the
 * sub-problem's l × l block of Q = yi·yj·K (float32, the very values libsvm's cache
 * would hold) is gathered from it on first use — l reads, no kernel evaluation —
 * into one reused buffer, and stays there (no allocation, no eviction). When the
 * arena lives in a WebAssembly memory (the default) the gather runs in WebAssembly.
 * Shrinking's swaps move rows and columns in place, as libsvm's cache swaps entries,
 * so the solver's iterates are the same as with `QMatrix`.
 */
export class DenseQ implements QColumns {
  readonly QD: Float64Array;
  private readonly M: Float32Array;
  /** M's address in the workspace's memory. */
  private readonly address: number;
  private readonly views: (Float32Array | undefined)[];
  /** filled[i]: row i of the block (= column i) has been gathered. */
  private readonly filled: Uint8Array;
  /** Where each position's data row sits in K (permuted with the positions; in the workspace when gathering in WebAssembly). */
  private readonly at: Int32Array;
  /** Addresses of K, `at` and the labels in the workspace's memory (gathering in WebAssembly). */
  private readonly kAddress: number;
  private readonly atAddress: number;
  private readonly yAddress: number;
  /** While no position has moved and the labels are +1 then −1: how many are +1 (−1 otherwise). */
  private positives: number;

  constructor(
    src: KernelRows,
    kernel: KernelSpec,
    /** Data row of each position (permuted with the positions). */
    private readonly ids: Int32Array,
    /** ±1 label of each position (permuted with the positions; shared with the solver; the workspace's `labels` when `inWasm`). */
    private readonly y: Int8Array,
    /** The data set's kernel matrix for `kernel` (n × n, rows at `pos`). */
    private readonly K: Float32Array,
    pos: Int32Array,
    /** The solver's workspace: the block lives there (its loops read it), and the gather's index and label arrays. */
    private readonly ws: SmoWorkspace,
    /** True when K lives in the workspace's memory: columns are then gathered in WebAssembly. */
    private readonly inWasm: boolean,
    private readonly n = src.n,
  ) {
    const l = ids.length;
    if (inWasm && y.buffer !== ws.labels.buffer) throw new Error('DenseQ: gathering in WebAssembly needs the labels in the workspace (ws.labels)');
    this.at = inWasm ? ws.at.subarray(0, l) : new Int32Array(l);
    for (let t = 0; t < l; t++) this.at[t] = pos[ids[t]!]!;
    this.kAddress = K.byteOffset;
    this.atAddress = this.at.byteOffset;
    this.yAddress = y.byteOffset;
    this.QD = new Float64Array(l);
    for (let i = 0; i < l; i++) this.QD[i] = diagonal(src, kernel, ids[i]!);
    this.M = ws.scratch.subarray(0, l * l);
    this.address = this.M.byteOffset;
    this.views = new Array<Float32Array | undefined>(l);
    this.filled = new Uint8Array(l);
    let p = 0;
    while (p < l && y[p] === 1) p++;
    let ordered = true;
    for (let t = p; t < l; t++) if (y[t] === 1) ordered = false;
    this.positives = ordered ? p : -1;
  }

  /** Column i, gathered on first use (all l entries are valid whatever `len`). */
  getQ(i: number, _len: number): Float32Array {
    const l = this.ids.length;
    if (!this.filled[i]) {
      this.filled[i] = 1;
      const { M, K, at, y } = this;
      const base = at[i]! * this.n;
      const o = i * l;
      const p = this.positives;
      if (this.inWasm) this.ws.loops.gatherColumn(this.address + 4 * o, this.kAddress + 4 * base, this.atAddress, this.yAddress, y[i]!, l);
      else if (p >= 0) {
        // no swap yet: positions [0, p) are labelled +1, the rest −1, so each run has one sign (≈20% faster)
        if (y[i] === 1) {
          for (let j = 0; j < p; j++) M[o + j] = K[base + at[j]!]!;
          for (let j = p; j < l; j++) M[o + j] = -K[base + at[j]!]!;
        } else {
          for (let j = 0; j < p; j++) M[o + j] = -K[base + at[j]!]!;
          for (let j = p; j < l; j++) M[o + j] = K[base + at[j]!]!;
        }
      } else if (y[i] === 1) for (let j = 0; j < l; j++) M[o + j] = y[j]! * K[base + at[j]!]!;
      else for (let j = 0; j < l; j++) M[o + j] = -y[j]! * K[base + at[j]!]!;
    }
    let v = this.views[i];
    if (!v) {
      v = this.M.subarray(i * l, (i + 1) * l);
      this.views[i] = v;
    }
    return v;
  }

  /** Where column i sits in the workspace's memory (gathered first if needed). */
  columnAddress(i: number): number {
    if (!this.filled[i]) this.getQ(i, 0);
    return this.address + 4 * i * this.ids.length;
  }

  /** Swaps positions i and j: rows and columns of the block, labels, data rows, diagonal. */
  swapIndex(i: number, j: number): void {
    if (i === j) return;
    this.positives = -1;
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
    swapEntries(y, i, j);
    swapEntries(QD, i, j);
  }
}
