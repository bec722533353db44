/**
 * The bin codes one forest fit reads. A fit on r of a data set's n rows (a fold, a halving
 * iteration's subsample) reads its rows' codes from the shared column-major matrix; with
 * r ≪ n those rows are scattered over each n-byte column, so every gather of a node's
 * histogram touched nearly every cache line of the column for a few rows (on airline, 13,900
 * of 563,000 rows: ~1.6 rows per 64-byte line), and a fit cost time in proportion to n. Here
 * the fit's rows are copied, one feature column at a time on first use, into r contiguous
 * bytes of this thread's reused memory, and the trees address rows by their position in the
 * fit's row list. The copy happens once per fit and only for features the trees draw; fits on
 * more than half of the rows (3-fold CV on all rows, a refit) read the matrix in place.
 */
import { scratchUint8 } from '../../data/scratch.js';
import type { BinnedMatrix } from './binning.js';

/**
 * Column-major bin codes of a fit's rows: the fit's i-th row is `codes[f * rows + id]` with
 * `id = rowIds[i]`, or `id = i` when `rowIds` is null (the copied columns). One class for both
 * kinds: the trees call `ensure` on every histogram gather, and two closures per fit (one per
 * kind, new each fit) made V8 deoptimize the builder's gather at that call ~3 times per pool thread.
 */
export class FitCodes {
  /** Per feature: 1 once its column is copied; null when the fit reads the matrix in place. */
  private readonly ready: Uint8Array | null;

  private constructor(
    readonly rows: number,
    readonly codes: Uint8Array,
    readonly rowIds: Int32Array | null,
    private readonly bins: BinnedMatrix,
    private readonly train: Int32Array,
  ) {
    this.ready = rowIds === null ? new Uint8Array(bins.cols) : null;
  }

  /**
   * The codes of rows `train` of `bins`. A fit on at most half of the rows copies its columns
   * lazily into the thread's scratch slot (valid until the next fit of the thread) and addresses
   * its rows by position; a larger fit reads the matrix in place through `train` (its rows are
   * dense in each column, and a copy could cost up to the whole matrix per thread).
   */
  static of(bins: BinnedMatrix, train: Int32Array): FitCodes {
    const r = train.length;
    if (2 * r > bins.rows) return new FitCodes(bins.rows, bins.codes, train, bins, train);
    return new FitCodes(r, scratchUint8('forest.fitCodes', r * bins.cols), null, bins, train);
  }

  /** Makes feature f's column readable (copies it on first use); call before reading it. */
  ensure(f: number): void {
    const ready = this.ready;
    if (ready === null || ready[f] === 1) return;
    copyColumn(this.codes, f * this.rows, this.bins.codes, f * this.bins.rows, this.train);
    ready[f] = 1;
  }
}

/**
 * codes[out + i] = src[base + train[i]] for every i: the copy loop alone in its function (docs/contributing.md,
 * "Hot code that V8 keeps optimized": ~10 deoptimizations per pool thread before).
 */
function copyColumn(codes: Uint8Array, out: number, src: Uint8Array, base: number, train: Int32Array): void {
  for (let i = 0; i < train.length; i++) codes[out + i] = src[base + train[i]!]!;
}
