import { hashIndices } from '../../jobs/job-key.js';
import { toShared } from './shared-data.js';

/**
 * Interns fold index arrays: each distinct array is copied into shared memory
 * once and named by a small integer, so a job message carries two integers
 * instead of its train/test indices. Arrays are recognised by identity first,
 * then by content hash (a search may rebuild equal folds). Main thread only: its
 * own module, so pool threads do not load node:crypto for it.
 */
export class FoldTable {
  private readonly byArray = new WeakMap<Int32Array, number>();
  private readonly byHash = new Map<string, number>();
  private readonly shared: Int32Array[] = [];

  /** The id of `indices` (sharing it on first sight). */
  intern(indices: Int32Array): number {
    const known = this.byArray.get(indices);
    if (known !== undefined) return known;
    const hash = `${indices.length}:${hashIndices(indices)}`;
    let id = this.byHash.get(hash);
    if (id === undefined) {
      id = this.shared.length;
      this.shared.push(toShared(indices));
      this.byHash.set(hash, id);
    }
    this.byArray.set(indices, id);
    return id;
  }

  /** The shared copy of fold `id`. */
  get(id: number): Int32Array {
    const a = this.shared[id];
    if (!a) throw new RangeError(`fold ${id} was never interned`);
    return a;
  }
}
