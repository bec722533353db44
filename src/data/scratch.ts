/**
 * Reusable work memory for the synchronous hot paths of one thread (a fit, a
 * score). Hand-written because no library pools typed arrays by purpose.
 *
 * Why: a forest fit on 375,000 rows makes ~15 MB of row-sized work arrays and
 * scoring copies the test rows (~16 MB on airline). Fresh arrays per fit are
 * garbage V8 frees only when a thread's external memory has grown by tens of
 * MB, and glibc then keeps the freed pages in the thread's malloc arena — so a
 * pool thread's resident memory grew to several fits' worth. One buffer per
 * slot, reused by every fit of the thread, keeps it at one fit's worth.
 *
 * Slots are held through a WeakRef: a thread that stops fitting gives the
 * memory back at its next garbage collection. A slot's contents are
 * unspecified on return (callers fill what they read), and a caller must not
 * keep the array past its own synchronous use — the next caller of the same
 * slot overwrites it.
 */

type Ctor<T> = { new (buffer: ArrayBuffer, byteOffset: number, length: number): T; BYTES_PER_ELEMENT: number };

const slots = new Map<string, WeakRef<ArrayBuffer>>();

function take<T>(Kind: Ctor<T>, slot: string, length: number): T {
  const bytes = length * Kind.BYTES_PER_ELEMENT;
  let buffer = slots.get(slot)?.deref();
  if (buffer === undefined || buffer.byteLength < bytes) {
    buffer = new ArrayBuffer(bytes);
    slots.set(slot, new WeakRef(buffer));
  }
  return new Kind(buffer, 0, length);
}

/** A Float64Array of `length` over slot `slot`'s reused memory (contents unspecified). */
export function scratchFloat64(slot: string, length: number): Float64Array {
  return take(Float64Array, slot, length);
}

/** A Uint8Array of `length` over slot `slot`'s reused memory (contents unspecified). */
export function scratchUint8(slot: string, length: number): Uint8Array {
  return take(Uint8Array, slot, length);
}

/** An Int32Array of `length` over slot `slot`'s reused memory (contents unspecified). */
export function scratchInt32(slot: string, length: number): Int32Array {
  return take(Int32Array, slot, length);
}

/** Bytes currently held by live scratch slots (for tests and memory reports). */
export function scratchBytes(): number {
  let total = 0;
  for (const ref of slots.values()) total += ref.deref()?.byteLength ?? 0;
  return total;
}
