import { readFileSync } from 'node:fs';
import type { OvoModel } from './ovo.js';

// The WebAssembly JS API as used here (TypeScript's ES libs do not declare it; Node has it built in).
/** A (shared) WebAssembly memory: what the SVC solver's loops read and write. */
export interface WasmMemory {
  readonly buffer: ArrayBufferLike;
  grow(pages: number): number;
}
const WebAssembly = (
  globalThis as unknown as {
    WebAssembly: {
      Module: new (bytes: Uint8Array) => object;
      Instance: new (module: object, imports: object) => { readonly exports: unknown };
      Memory: new (descriptor: { initial: number; maximum: number; shared: boolean }) => WasmMemory;
    };
  }
).WebAssembly;

/** The exports of wasm/smo-loops.wasm (see wasm/smo-loops.ts for what each loop does). */
interface SmoLoops {
  updateGradient(G: number, Qi: number, Qj: number, dai: number, daj: number, flags: number, y: number, lo: number, hi: number, n: number, out: number): number;
  scanUp(G: number, flags: number, y: number, n: number, out: number): number;
  selectLow(
    Qi: number,
    QD: number,
    G: number,
    flags: number,
    y: number,
    n: number,
    gmax: number,
    QDi: number,
    yi2: number,
    tau: number,
    noI: number,
    out: number,
  ): number;
  gatherColumn(dst: number, row: number, at: number, y: number, yi: number, l: number): void;
  addScaled(dst: number, src: number, c: number, n: number): void;
  ovoDecisions(
    kv: number,
    rows: number,
    total: number,
    coef: number,
    nSV: number,
    k: number,
    rho: number,
    dec: number,
    codes: number,
    votes: number,
    nz: number,
  ): void;
}

const PAGE = 65536;
/** Memory kept by a thread between fits; a larger one is dropped after its fit (garbage-collected). */
const RETAIN_BYTES = 64 * 1024 * 1024;
/** wasm32's limit: 65,536 pages of 64 KiB. */
const MAX_PAGES = 65536;

const align8 = (bytes: number): number => Math.ceil(bytes / 8) * 8;
const pagesFor = (bytes: number): number => Math.ceil(bytes / PAGE);

let compiled: object | undefined;
const instances = new WeakMap<WasmMemory, SmoLoops>();

/** The loops over `memory` (one instance per memory and thread). */
function loopsOver(memory: WasmMemory): SmoLoops {
  let loops = instances.get(memory);
  if (!loops) {
    compiled ??= new WebAssembly.Module(readFileSync(new URL('./wasm/smo-loops.wasm', import.meta.url)));
    loops = new WebAssembly.Instance(compiled, { env: { memory } }).exports as SmoLoops;
    instances.set(memory, loops);
  }
  return loops;
}

/**
 * A shared WebAssembly memory of at least `bytes` (pages are committed by the operating system only
 * as they are written), or undefined above wasm32's 4 GiB. The kernel arena lives in one, so the
 * solver's loops read its matrices directly.
 */
export function sharedMemory(bytes: number): WasmMemory | undefined {
  const pages = Math.max(1, pagesFor(bytes));
  if (pages > MAX_PAGES) return undefined;
  return new WebAssembly.Memory({ initial: pages, maximum: MAX_PAGES, shared: true });
}

/** Where a workspace is carved from: a memory, the loops over it, and the first byte it may use. */
interface Region {
  memory: WasmMemory;
  loops: SmoLoops;
  base: number;
}

/** This thread's own memory: everything from its second page (grown as needed; dropped above RETAIN_BYTES). */
let own: WasmMemory | undefined;

function ownRegion(bytes: number): Region {
  const pages = pagesFor(PAGE + bytes);
  if (pages > MAX_PAGES) throw new RangeError(`the SVC solver's working memory would need ${PAGE + bytes} bytes, over wasm32's 4 GiB`);
  if (!own) own = new WebAssembly.Memory({ initial: pages, maximum: MAX_PAGES, shared: true });
  else if (own.buffer.byteLength < pages * PAGE) own.grow(pages - own.buffer.byteLength / PAGE);
  return { memory: own, loops: loopsOver(own), base: PAGE };
}

/** This thread's region in each shared memory it has worked in: pages it grew the memory by, its alone. */
const regions = new WeakMap<WasmMemory, { base: number; bytes: number }>();

function regionIn(memory: WasmMemory, bytes: number): Region {
  let r = regions.get(memory);
  if (!r || r.bytes < bytes) {
    const pages = pagesFor(bytes);
    // grow returns the previous size: the new pages belong to this call, whatever other threads grow
    r = { base: memory.grow(pages) * PAGE, bytes: pages * PAGE };
    regions.set(memory, r);
  }
  return { memory, loops: loopsOver(memory), base: r.base };
}

/** Addresses of arrays of `sizes` bytes laid out from `base`, each 8-byte aligned; the last entry is where the layout ends. */
function layout(base: number, sizes: readonly number[]): number[] {
  const at = [base];
  for (const size of sizes) at.push(at[at.length - 1]! + align8(size));
  return at;
}

/** Bytes of a SmoWorkspace's arrays for binary problems of up to n positions, in layout order (see its fields). */
function workspaceSizes(n: number, dense: boolean): number[] {
  const d = dense ? n : 0;
  // out, scratch, at, G, Gbar, QD, flags, y, labels, two staging columns
  return [8, 4 * d * d, 4 * d, 8 * n, 8 * n, 8 * n, n, n, n, 4 * n, 4 * n];
}

/** Ends a workspace's use: a thread keeps up to RETAIN_BYTES of its own memory for its next fit, a larger one is dropped. */
function releaseOwn(): void {
  if (own && own.buffer.byteLength > RETAIN_BYTES) own = undefined;
}

/**
 * The memory one `trainOvo` call's solver loops work in (WebAssembly, wasm/smo-loops.ts):
 * per-position arrays sized for the largest binary problem, the pair's labels, two staging
 * columns, and optionally DenseQ's l × l float32 block with its gather's index array. In the
 * thread's own memory, or in the kernel arena's shared memory (then DenseQ gathers in
 * WebAssembly straight from the arena's matrices). Views stay valid until `release`.
 */
export class SmoWorkspace {
  readonly loops: SmoLoops;
  /** The memory the arrays below live in. */
  readonly memory: WasmMemory;
  /** out[0]: the second result of the last loop (the I_up maximum of updateGradient / scanUp, Gmax2 of selectLow). */
  readonly out: Float64Array;
  /** DenseQ's Q block (largest² floats) and its positions' places in a matrix row; empty without DenseQ. */
  readonly scratch: Float32Array;
  readonly at: Int32Array;
  /** The solver's arrays (its own copies of the labels and diagonal, swapped with Q's). */
  readonly G: Float64Array;
  readonly Gbar: Float64Array;
  readonly QD: Float64Array;
  readonly flags: Uint8Array;
  readonly y: Int8Array;
  /** The binary problem's ±1 labels as trainOvo builds them and Q swaps them (DenseQ's gather reads them). */
  readonly labels: Int8Array;
  /** Where a Q column not already in this memory (the column cache's) is copied for a loop to read. */
  private readonly stage: [Float32Array, Float32Array];
  private readonly buffer: ArrayBufferLike;

  private constructor(region: Region, largest: number, dense: boolean) {
    const n = Math.max(largest, 1);
    const d = dense ? n : 0;
    this.loops = region.loops;
    this.memory = region.memory;
    const buf = region.memory.buffer;
    this.buffer = buf;
    const at = layout(region.base, workspaceSizes(n, dense));
    this.out = new Float64Array(buf, at[0]!, 1);
    this.scratch = new Float32Array(buf, at[1]!, d * d);
    this.at = new Int32Array(buf, at[2]!, d);
    this.G = new Float64Array(buf, at[3]!, n);
    this.Gbar = new Float64Array(buf, at[4]!, n);
    this.QD = new Float64Array(buf, at[5]!, n);
    this.flags = new Uint8Array(buf, at[6]!, n);
    this.y = new Int8Array(buf, at[7]!, n);
    this.labels = new Int8Array(buf, at[8]!, n);
    this.stage = [new Float32Array(buf, at[9]!, n), new Float32Array(buf, at[10]!, n)];
  }

  /**
   * The workspace for binary problems of up to `largest` positions. With `denseIn` (the
   * kernel arena's memory, or undefined for this thread's own) it also holds DenseQ's block;
   * undefined when that would not fit in wasm32's 4 GiB (use the column cache then).
   */
  static acquire(largest: number, dense = false, denseIn?: WasmMemory): SmoWorkspace | undefined {
    const sizes = workspaceSizes(Math.max(largest, 1), dense);
    const bytes = layout(0, sizes)[sizes.length]!;
    try {
      return new SmoWorkspace(dense && denseIn ? regionIn(denseIn, bytes) : ownRegion(bytes), largest, dense);
    } catch (err) {
      if (dense && err instanceof RangeError) return undefined;
      throw err;
    }
  }

  /** Address of column `q`'s first `len` entries in this memory: its own, or a copy in staging slot `slot`. */
  column(q: Float32Array, len: number, slot: 0 | 1): number {
    if (q.buffer === this.buffer) return q.byteOffset;
    const s = this.stage[slot];
    s.set(q.length === len ? q : q.subarray(0, len));
    return s.byteOffset;
  }

  /** Ends this workspace's use (its views are not read again; see `releaseOwn`). */
  release(): void {
    releaseOwn();
  }
}

/** Rows whose kernel values are decided per call of the WebAssembly decision loop. */
export const DECISION_ROWS = 64;

/**
 * The memory a prediction's one-vs-one decisions work in (wasm/smo-loops.ts, `ovoDecisions`):
 * the model's coefficients, and kernel values, decision values and votes for up to
 * DECISION_ROWS rows at a time, in this thread's own memory (never used by a SmoWorkspace at the same time).
 */
export class DecisionWorkspace {
  private readonly loops: SmoLoops;
  private readonly rowsKv: Float64Array[];
  private readonly dec: Float64Array;
  private readonly codes: Int32Array;
  /** Addresses of the arrays the decision loop reads and writes. */
  private readonly at: { kv: number; dec: number; codes: number; coef: number; nSV: number; rho: number; votes: number; nz: number };
  private readonly total: number;
  private readonly k: number;
  private readonly pairs: number;

  constructor(m: Pick<OvoModel, 'nClasses' | 'nSV' | 'coef' | 'rho'>, total: number) {
    const k = m.nClasses;
    const pairs = (k * (k - 1)) / 2;
    const R = DECISION_ROWS;
    // kernel values, decision values, codes, coef, nSV, rho, votes, nz
    const sizes = [8 * R * total, 8 * R * pairs, 4 * R, 8 * m.coef.length, 4 * k, 8 * pairs, 4 * k, 4 * total];
    const region = ownRegion(layout(0, sizes)[sizes.length]!);
    const buf = region.memory.buffer;
    const at = layout(region.base, sizes);
    this.rowsKv = Array.from({ length: R }, (_, r) => new Float64Array(buf, at[0]! + 8 * r * total, total));
    this.dec = new Float64Array(buf, at[1]!, R * pairs);
    this.codes = new Int32Array(buf, at[2]!, R);
    new Float64Array(buf, at[3]!, m.coef.length).set(m.coef);
    new Int32Array(buf, at[4]!, k).set(m.nSV);
    new Float64Array(buf, at[5]!, pairs).set(m.rho);
    this.at = { kv: at[0]!, dec: at[1]!, codes: at[2]!, coef: at[3]!, nSV: at[4]!, rho: at[5]!, votes: at[6]!, nz: at[7]! };
    this.loops = region.loops;
    this.total = total;
    this.k = k;
    this.pairs = pairs;
  }

  /** Where to write the kernel values of the chunk's row r (0 ≤ r < DECISION_ROWS). */
  kernelRow(r: number): Float64Array {
    return this.rowsKv[r]!;
  }

  /** Decides the chunk's first `rows` rows: their decision values to dec[firstRow·pairs …], class codes to codes[firstRow …]. */
  decide(rows: number, dec: Float64Array, codes: Int32Array, firstRow: number): void {
    const { at, pairs } = this;
    this.loops.ovoDecisions(at.kv, rows, this.total, at.coef, at.nSV, this.k, at.rho, at.dec, at.codes, at.votes, at.nz);
    dec.set(this.dec.subarray(0, rows * pairs), firstRow * pairs);
    codes.set(this.codes.subarray(0, rows), firstRow);
  }

  /** Ends this workspace's use (as SmoWorkspace.release). */
  release(): void {
    releaseOwn();
  }
}
