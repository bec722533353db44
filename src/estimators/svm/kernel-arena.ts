import type { DataSet, DerivedPayload } from '../../data/dataset.js';
import { KERNEL_CODES, type KernelSpec } from './kernel.js';
import { FLOAT32_ZERO_EXP, dotKernel, type KernelRows } from './kernel-source.js';
import { sharedMemory, type WasmMemory } from './smo-workspace.js';

/** The `data.derived` key of the kernel arena. */
export const ARENA_KEY = 'svm.kernels';

const EMPTY = 0;
const BUILDING = 1;
const READY = 2;
/** ctl[0]: the arena's lock; ctl[1]: its use clock; then three cells per slot. */
const HEAD = 2;
const CELLS = 5; // status, readers, last use, next chunk to build, chunks built
/** Rows per unit of a matrix build; the threads that need a matrix being built take units until none is left. */
const CHUNK_ROWS = 32;
const KEY_WIDTH = 4; // kernel code, gamma, degree, coef0

/**
 * Whole-data-set kernel matrices (float32, libsvm's Qfloat: the values its cache
 * stores) shared by every fit of a search: one matrix per kernel setting (for RBF,
 * one per gamma value), built by the first thread that needs it while the others
 * wait for it, then read by every fold and every candidate with that setting, in
 * training (Q columns) and prediction (the test fold's kernel values) alike.
 *
 * Threads that need a matrix another thread is building help build it (row chunks
 * taken from an atomic counter) instead of waiting idle.
 *
 * The arena is one SharedArrayBuffer of `slots` matrices of n² floats (a shared
 * WebAssembly memory's, so the solver's loops read it directly), allocated
 * once (the operating system commits its pages only as matrices are written, so
 * an arena that is never filled costs no memory), plus a small table guarded by
 * an Atomics lock: which setting each slot holds, whether it is built, how many
 * fits read it now, when it was last used. A setting without a slot takes the
 * least recently used slot no fit is reading; when every slot is being read, the
 * fit computes its kernel values itself (libsvm's column cache).
 * Hand-written: no npm package shares lazily built matrices between worker threads.
 */
export interface KernelArena {
  readonly n: number;
  readonly slots: number;
  /**
   * pos[row]: where a data row sits in every matrix. Rows are ordered by class, so
   * the rows of one class pair — what a one-vs-one sub-problem reads — lie in two
   * runs of each matrix row instead of scattered over it (measured: the gather of a
   * sub-problem's Q block took 2.9 of 13 s of the seed search in data-set order).
   */
  readonly pos: Int32Array;
  readonly K: Float32Array;
  readonly ctl: Int32Array;
  readonly keys: Float64Array;
  /** The shared WebAssembly memory K lives in (the solver's loops gather from it directly); absent above 4 GiB. */
  readonly memory?: WasmMemory;
}

/** A kernel matrix held for one fit: `release()` when the fitted model is dropped. */
export interface HeldMatrix {
  /** n × n, row-major, every row of the data set: K(a, b) = K[pos[a] · n + pos[b]]. */
  readonly K: Float32Array;
  readonly pos: Int32Array;
  /** The shared WebAssembly memory K lives in, when it does. */
  readonly memory?: WasmMemory;
  /** True when this call built the matrix, or part of it (false: another fit or thread had built it). */
  readonly built: boolean;
  release(): void;
}

/** Bytes of one matrix over `rows` rows. */
function kernelMatrixBytes(rows: number): number {
  return rows * rows * 4;
}

/** Matrices an arena of `budgetBytes` holds for `rows` rows (0 when not even one fits). */
export function arenaSlots(rows: number, budgetBytes: number): number {
  const one = kernelMatrixBytes(rows);
  return one === 0 ? 0 : Math.max(0, Math.floor(budgetBytes / one));
}

function shared(bytes: number): SharedArrayBuffer {
  return new SharedArrayBuffer(bytes);
}

/** A fresh arena of `slots` matrices over the rows of a data set with labels `y` (rows grouped by label). */
function createArena(y: ArrayLike<number>, slots: number): KernelArena {
  const n = y.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => y[a]! - y[b]! || a - b);
  const pos = new Int32Array(shared(n * 4));
  order.forEach((row, p) => {
    pos[row] = p;
  });
  const bytes = slots * kernelMatrixBytes(n);
  const memory = sharedMemory(bytes);
  return {
    n,
    slots,
    pos,
    memory,
    K: memory ? new Float32Array(memory.buffer, 0, bytes / 4) : new Float32Array(shared(bytes)),
    ctl: new Int32Array(shared((HEAD + slots * CELLS) * 4)),
    keys: new Float64Array(shared(slots * KEY_WIDTH * 8)),
  };
}

/**
 * Adds an arena of `slots` matrices to `data.derived` (once): the pool shares it with
 * every thread as it shares the data set; the cluster codec does not ship it
 * (`meta.local`), so each worker process builds its own on first use.
 */
export function prepareArena(data: DataSet, slots: number): void {
  if (slots <= 0 || data.derived.has(ARENA_KEY)) return;
  const a = createArena(data.y, slots);
  const payload: DerivedPayload = { arrays: { K: a.K, pos: a.pos, ctl: a.ctl, keys: a.keys }, meta: { rows: a.n, slots, local: 1 }, memory: a.memory };
  data.derived.set(ARENA_KEY, payload);
}

const views = new WeakMap<Int32Array, KernelArena>();

/** The arena of a data set, when it has one. */
export function arenaOf(data: DataSet): KernelArena | undefined {
  const p = data.derived.get(ARENA_KEY);
  const ctl = p?.arrays.ctl;
  const { K, keys, pos } = p?.arrays ?? {};
  if (!(ctl instanceof Int32Array) || !(K instanceof Float32Array) || !(keys instanceof Float64Array) || !(pos instanceof Int32Array)) return undefined;
  let a = views.get(ctl);
  if (!a) {
    a = { n: Number(p!.meta.rows), slots: Number(p!.meta.slots), pos, K, ctl, keys, memory: p!.memory as WasmMemory | undefined };
    views.set(ctl, a);
  }
  return a;
}

function lock(ctl: Int32Array): void {
  while (Atomics.compareExchange(ctl, 0, 0, 1) !== 0) Atomics.wait(ctl, 0, 1, 1);
}

function unlock(ctl: Int32Array): void {
  Atomics.store(ctl, 0, 0);
  Atomics.notify(ctl, 0, 1);
}

function sameKey(keys: Float64Array, s: number, k: KernelSpec): boolean {
  const o = s * KEY_WIDTH;
  return keys[o] === KERNEL_CODES[k.kernel] && keys[o + 1] === k.gamma && keys[o + 2] === k.degree && keys[o + 3] === k.coef0;
}

function setKey(keys: Float64Array, s: number, k: KernelSpec): void {
  const o = s * KEY_WIDTH;
  keys[o] = KERNEL_CODES[k.kernel];
  keys[o + 1] = k.gamma;
  keys[o + 2] = k.degree;
  keys[o + 3] = k.coef0;
}

/**
 * The matrix of kernel setting `k` over every row of `rows` (which must carry the
 * Gram matrix), built here if no thread has built it; undefined when every slot is
 * held by other fits.
 */
export function holdMatrix(arena: KernelArena, rows: KernelRows, k: KernelSpec): HeldMatrix | undefined {
  const { ctl, keys, slots, n } = arena;
  if (!rows.gram || rows.n !== n) return undefined;
  for (;;) {
    lock(ctl);
    let found = -1;
    let free = -1;
    let oldest = -1;
    for (let s = 0; s < slots; s++) {
      const c = HEAD + s * CELLS;
      const status = ctl[c]!;
      if (status !== EMPTY && sameKey(keys, s, k)) {
        found = s;
        break;
      }
      if (status === EMPTY) {
        if (free < 0) free = s;
      } else if (status === READY && ctl[c + 1] === 0 && (oldest < 0 || ctl[c + 2]! < ctl[HEAD + oldest * CELLS + 2]!)) oldest = s;
    }
    const clock = ++ctl[1]!;
    if (found >= 0) {
      const c = HEAD + found * CELLS;
      ctl[c + 1]!++;
      ctl[c + 2] = clock;
      unlock(ctl);
      // another thread is building it: help (take row chunks left), then wait for its READY (EMPTY: that build failed)
      const helped = Atomics.load(ctl, c) === BUILDING && buildChunks(arena, found, rows, k);
      while (Atomics.load(ctl, c) === BUILDING) Atomics.wait(ctl, c, BUILDING, 50);
      if (Atomics.load(ctl, c) === READY) return held(arena, found, helped);
      Atomics.sub(ctl, c + 1, 1);
      continue;
    }
    const s = free >= 0 ? free : oldest;
    if (s < 0) {
      unlock(ctl);
      return undefined;
    }
    const c = HEAD + s * CELLS;
    setKey(keys, s, k);
    ctl[c] = BUILDING;
    ctl[c + 1] = 1;
    ctl[c + 2] = clock;
    ctl[c + 3] = 0;
    ctl[c + 4] = 0;
    unlock(ctl);
    try {
      buildChunks(arena, s, rows, k);
    } catch (err) {
      Atomics.store(ctl, c + 1, 0);
      Atomics.store(ctl, c, EMPTY);
      Atomics.notify(ctl, c);
      throw err;
    }
    while (Atomics.load(ctl, c) === BUILDING) Atomics.wait(ctl, c, BUILDING, 50);
    return held(arena, s, true);
  }
}

function held(arena: KernelArena, s: number, built: boolean): HeldMatrix {
  const { n, ctl } = arena;
  let live = true;
  return {
    K: arena.K.subarray(s * n * n, (s + 1) * n * n),
    pos: arena.pos,
    memory: arena.memory,
    built,
    release(): void {
      if (!live) return;
      live = false;
      Atomics.sub(ctl, HEAD + s * CELLS + 1, 1);
    },
  };
}

/** How many fits read each slot now (tests: every fit releases what it held). */
export function readersOf(arena: KernelArena): number[] {
  return Array.from({ length: arena.slots }, (_, s) => Atomics.load(arena.ctl, HEAD + s * CELLS + 1));
}

/** Settings built so far (tests). */
export function builtMatrices(arena: KernelArena): number {
  let built = 0;
  for (let s = 0; s < arena.slots; s++) if (Atomics.load(arena.ctl, HEAD + s * CELLS) === READY) built++;
  return built;
}

/**
 * Takes chunks of rows of slot `s`'s matrix until none is left, filling each; whoever
 * fills the last one marks the matrix READY and wakes the waiting threads. Returns
 * whether this thread filled any chunk.
 */
function buildChunks(arena: KernelArena, s: number, rows: KernelRows, k: KernelSpec): boolean {
  const { ctl, n } = arena;
  const c = HEAD + s * CELLS;
  const chunks = Math.ceil(n / CHUNK_ROWS);
  const K = arena.K.subarray(s * n * n, (s + 1) * n * n);
  let any = false;
  for (;;) {
    const chunk = Atomics.add(ctl, c + 3, 1);
    if (chunk >= chunks) return any;
    any = true;
    fillMatrix(rows, k, K, arena.pos, chunk * CHUNK_ROWS, Math.min(n, (chunk + 1) * CHUNK_ROWS));
    if (Atomics.add(ctl, c + 4, 1) + 1 === chunks) {
      Atomics.store(ctl, c, READY);
      Atomics.notify(ctl, c);
    }
  }
}

/**
 * Every kernel value of `rows` for `k`, as float32 (libsvm's Qfloat), from the Gram
 * matrix: RBF as exp(−γ(‖a‖² + ‖b‖² − 2a·b)) in libsvm's order of operations, so each
 * entry is the float libsvm's cache would hold; rows a, b land at pos[a], pos[b]
 * and the symmetric half is mirrored. Rows [from, to) write entries (a, b ≥ a) and
 * their mirrors only, so disjoint row ranges can be filled by different threads.
 */
function fillMatrix(rows: KernelRows, k: KernelSpec, K: Float32Array, pos: Int32Array, from = 0, to = rows.n): void {
  const { sq, n } = rows;
  const gram = rows.gram!;
  const rbf = k.kernel === 'rbf';
  const ng = -k.gamma;
  for (let a = from; a < to; a++) {
    const ga = a * n;
    const pa = pos[a]!;
    const sa = sq[a]!;
    for (let b = a; b < n; b++) {
      let v: number;
      if (rbf) {
        const e = ng * (sa + sq[b]! - 2 * gram[ga + b]!);
        v = e < FLOAT32_ZERO_EXP ? 0 : Math.exp(e);
      } else v = dotKernel(k, gram[ga + b]!);
      const pb = pos[b]!;
      K[pa * n + pb] = v;
      K[pb * n + pa] = v;
    }
  }
}
