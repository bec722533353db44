/**
 * Finds which rows of a data set a matrix's rows are (by exact value), so a model
 * fitted on a shared data set can score its test fold from the shared Gram matrix
 * instead of recomputing dot products: scoring hands estimators materialised rows,
 * not indices. Identical rows are interchangeable (same dot products), so the
 * first occurrence stands for all.
 */
export class RowIndex {
  private readonly first = new Map<number, number>();
  private readonly chain: Int32Array;

  constructor(
    private readonly X: Float64Array,
    private readonly cols: number,
  ) {
    const rows = cols === 0 ? 0 : X.length / cols;
    this.chain = new Int32Array(rows).fill(-1);
    for (let r = rows - 1; r >= 0; r--) {
      const h = hashRow(X, r * cols, cols);
      const head = this.first.get(h);
      if (head !== undefined) this.chain[r] = head;
      this.first.set(h, r);
    }
  }

  /** The data-set row equal to row `r` of `A` (same width), or −1. */
  find(A: Float64Array, r: number): number {
    const { X, cols } = this;
    const off = r * cols;
    for (let cand = this.first.get(hashRow(A, off, cols)) ?? -1; cand !== -1; cand = this.chain[cand]!) {
      const base = cand * cols;
      let c = 0;
      while (c < cols && X[base + c] === A[off + c]) c++;
      if (c === cols) return cand;
    }
    return -1;
  }

  /** Data-set rows of every row of A, or undefined when one is not in the data set. */
  findAll(A: Float64Array, rows: number): Int32Array | undefined {
    const out = new Int32Array(rows);
    for (let r = 0; r < rows; r++) {
      const at = this.find(A, r);
      if (at < 0) return undefined;
      out[r] = at;
    }
    return out;
  }
}

function hashRow(X: Float64Array, off: number, cols: number): number {
  let h = 0x811c9dc5;
  for (let c = 0; c < cols; c++) {
    const v = X[off + c]!;
    // +0 and -0 compare equal: hash them alike
    const u = v === 0 ? 0 : v;
    h = Math.imul(h ^ ((u * 1000003) | 0), 16777619);
    h = Math.imul(h ^ Math.floor(u * 65537.5), 16777619);
  }
  return h;
}

const indexes = new WeakMap<Float64Array, RowIndex>();

/** The row index of a data set's X (built once per data set per thread). */
export function rowIndexFor(X: Float64Array, cols: number): RowIndex {
  let idx = indexes.get(X);
  if (!idx) {
    idx = new RowIndex(X, cols);
    indexes.set(X, idx);
  }
  return idx;
}
