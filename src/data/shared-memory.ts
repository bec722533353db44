/**
 * Typed arrays allocated in SharedArrayBuffers, for large arrays made once and
 * read by every fit of a search (the binned matrix): the thread pool then
 * shares them with its threads as they are, instead of keeping a second,
 * shared copy. In one thread they behave exactly like ordinary typed arrays.
 * (Fold indices stay ordinary arrays: allocated shared, they raised the
 * pool's peak memory on airline by ~50 MB in measurement.)
 */

/** A zero-filled Uint8Array of `length` in shared memory. */
export function sharedUint8(length: number): Uint8Array {
  return new Uint8Array(new SharedArrayBuffer(length));
}
