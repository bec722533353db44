import type { KernelSpec } from './kernel.js';
import { diagonal, fillColumn, type KernelRows } from './kernel-source.js';
import { swapEntries } from './swap.js';

/** What the solver reads of Q: the double diagonal, columns, and shrinking's swaps (libsvm's `QMatrix`). */
export interface QColumns {
  /** K(i, i) in double precision, by current position. */
  readonly QD: Float64Array;
  /** Column i; entries [0, len) are valid. */
  getQ(i: number, len: number): Float32Array;
  /** Swaps positions i and j (and the labels the solver shares). */
  swapIndex(i: number, j: number): void;
  /**
   * Where column i (all its entries) sits in the solver workspace's memory, gathering it
   * first if needed; only when every column lives there (DenseQ), else the solver copies.
   */
  columnAddress?(i: number): number;
}

/**
 * libsvm's `SVC_Q` over one binary sub-problem: columns Q(i, ·) = yi·yj·K(xi, xj) in
 * float32, computed on demand into an LRU cache of `cacheBytes` (libsvm's `Cache`,
 * least recently used columns dropped first; at least two columns always fit).
 * Positions are permuted by the solver's shrinking (`swapIndex`), as in libsvm.
 * Kernel values never depend on what is cached, so results do not depend on the size.
 */
export class QMatrix implements QColumns {
  /** K(i, i) in double precision, by current position. */
  readonly QD: Float64Array;
  private readonly cols: (Float32Array | null)[];
  private readonly lens: Int32Array;
  private readonly prev: Int32Array;
  private readonly next: Int32Array;
  private free: number;

  constructor(
    private readonly src: KernelRows,
    private readonly kernel: KernelSpec,
    /** Data row of each position (permuted with the positions). */
    private readonly ids: Int32Array,
    /** ±1 label of each position (permuted with the positions). */
    private readonly y: Int8Array,
    cacheBytes: number,
  ) {
    const l = ids.length;
    this.QD = new Float64Array(l);
    for (let i = 0; i < l; i++) this.QD[i] = diagonal(src, kernel, ids[i]!);
    this.cols = new Array<Float32Array | null>(l).fill(null);
    this.lens = new Int32Array(l);
    this.prev = new Int32Array(l + 1);
    this.next = new Int32Array(l + 1);
    this.prev[l] = l;
    this.next[l] = l;
    // libsvm: the budget in floats, less the per-column headers, at least two columns
    this.free = Math.max(Math.floor(cacheBytes / 4) - l * 4, 2 * l);
  }

  private unlink(h: number): void {
    this.next[this.prev[h]!] = this.next[h]!;
    this.prev[this.next[h]!] = this.prev[h]!;
  }

  private append(h: number): void {
    const head = this.ids.length;
    this.next[h] = head;
    this.prev[h] = this.prev[head]!;
    this.next[this.prev[h]!] = h;
    this.prev[head] = h;
  }

  /** Column i, entries [0, len) valid (libsvm's `get_Q`). */
  getQ(i: number, len: number): Float32Array {
    const have = this.lens[i]!;
    let col = this.cols[i]!;
    if (have) this.unlink(i);
    if (len > have) {
      const more = len - have;
      const head = this.ids.length;
      while (this.free < more) {
        const old = this.next[head]!;
        this.unlink(old);
        this.free += this.lens[old]!;
        this.cols[old] = null;
        this.lens[old] = 0;
      }
      const grown = new Float32Array(len);
      if (have) grown.set(col.subarray(0, have));
      col = grown;
      this.cols[i] = grown;
      this.free -= more;
      this.lens[i] = len;
      fillColumn(this.src, this.kernel, this.ids[i]!, this.y[i]!, this.ids, this.y, have, len, grown);
    }
    this.append(i);
    return col;
  }

  /** Swaps positions i and j everywhere (libsvm's `SVC_Q::swap_index` with its cache's). */
  swapIndex(i: number, j: number): void {
    if (i === j) return;
    const { cols, lens, ids, y, QD } = this;
    if (lens[i]) this.unlink(i);
    if (lens[j]) this.unlink(j);
    const c = cols[i]!;
    cols[i] = cols[j]!;
    cols[j] = c;
    swapEntries(lens, i, j);
    if (lens[i]) this.append(i);
    if (lens[j]) this.append(j);
    const lo = Math.min(i, j);
    const hi = Math.max(i, j);
    const head = ids.length;
    for (let h = this.next[head]!; h !== head; ) {
      const after = this.next[h]!;
      if (lens[h]! > lo) {
        const col = cols[h]!;
        if (lens[h]! > hi) {
          const t = col[lo]!;
          col[lo] = col[hi]!;
          col[hi] = t;
        } else {
          this.unlink(h);
          this.free += lens[h]!;
          cols[h] = null;
          lens[h] = 0;
        }
      }
      h = after;
    }
    swapEntries(ids, i, j);
    swapEntries(y, i, j);
    swapEntries(QD, i, j);
  }
}
