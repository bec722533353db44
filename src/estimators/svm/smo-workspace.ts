import { readFileSync } from 'node:fs';
import type { OvoModel } from './ovo.js';

// The WebAssembly JS API as used here (TypeScript's ES libs do not declare it; Node has it built in).
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
const WebAssembly = (
  globalThis as unknown as {
    WebAssembly: {
      Module: new (bytes: Uint8Array) => object;
      Instance: new (module: object, imports: object) => { readonly exports: unknown };
      Memory: new (descriptor: { initial: number; maximum: number }) => WasmMemory;
    };
  }
).WebAssembly;

/** The exports of wasm/smo-loops.wasm (see wasm/smo-loops.ts for what each loop does). */
interface SmoLoops {
  updateGradient(G: number, Qi: number, Qj: number, dai: number, daj: number, flags: number, y: number, lo: number, hi: number, n: number): number;
  scanUp(G: number, flags: number, y: number, n: number): number;
  selectLow(Qi: number, QD: number, G: number, flags: number, y: number, n: number, gmax: number, QDi: number, yi2: number, tau: number, noI: number): number;
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
/** The first page is left to the module: the loops' second result (an f64) at address 0, nothing else today. */
const BASE = PAGE;
/** Memory kept by a thread between fits; a larger one is dropped after its fit (garbage-collected). */
const RETAIN_BYTES = 64 * 1024 * 1024;
/** wasm32's limit: 65,536 pages of 64 KiB. */
const MAX_PAGES = 65536;

const align8 = (bytes: number): number => Math.ceil(bytes / 8) * 8;

let compiled: object | undefined;
let current: { memory: WasmMemory; loops: SmoLoops } | undefined;

function instance(bytes: number): { memory: WasmMemory; loops: SmoLoops } {
  const pages = Math.ceil((BASE + bytes) / PAGE);
  if (pages > MAX_PAGES) throw new RangeError(`the SVC solver's working memory would need ${BASE + bytes} bytes, over wasm32's 4 GiB`);
  if (current && current.memory.buffer.byteLength >= pages * PAGE) return current;
  if (current) {
    current.memory.grow(pages - current.memory.buffer.byteLength / PAGE);
    return current;
  }
  compiled ??= new WebAssembly.Module(readFileSync(new URL('./wasm/smo-loops.wasm', import.meta.url)));
  const memory = new WebAssembly.Memory({ initial: pages, maximum: MAX_PAGES });
  const loops = new WebAssembly.Instance(compiled, { env: { memory } }).exports as SmoLoops;
  current = { memory, loops };
  return current;
}

/**
 * The memory one `trainOvo` call's solver loops work in (WebAssembly, wasm/smo-loops.ts):
 * per-position arrays sized for the largest binary problem, two staging columns, and
 * optionally the l × l float32 block `DenseQ` gathers Q into. One per thread, reused by
 * every fit of the thread; views stay valid until `release` (nothing grows meanwhile).
 */
export class SmoWorkspace {
  readonly loops: SmoLoops;
  /** found[0]: the second result of the last loop (the I_up maximum of updateGradient / scanUp, Gmax2 of selectLow). */
  readonly found: Float64Array;
  /** DenseQ's Q block (largest² floats) when asked for, else empty. */
  readonly scratch: Float32Array;
  readonly G: Float64Array;
  readonly Gbar: Float64Array;
  readonly QD: Float64Array;
  readonly flags: Uint8Array;
  readonly y: Int8Array;
  /** Where a Q column not already in this memory (the column cache's) is copied for a loop to read. */
  private readonly stage: [Float32Array, Float32Array];
  private readonly buffer: ArrayBufferLike;

  private constructor(largest: number, withScratch: boolean) {
    const n = Math.max(largest, 1);
    const f64 = 8 * n;
    const f32 = align8(4 * n);
    const bytes8 = align8(n);
    const scratchBytes = withScratch ? 4 * n * n : 0;
    const total = align8(scratchBytes) + 3 * f64 + 2 * bytes8 + 2 * f32;
    const { memory, loops } = instance(total);
    this.loops = loops;
    const buf = memory.buffer;
    this.buffer = buf;
    this.found = new Float64Array(buf, 0, 1);
    let at = BASE;
    const take = (size: number): number => {
      const p = at;
      at += align8(size);
      return p;
    };
    this.scratch = new Float32Array(buf, take(scratchBytes), scratchBytes / 4);
    this.G = new Float64Array(buf, take(f64), n);
    this.Gbar = new Float64Array(buf, take(f64), n);
    this.QD = new Float64Array(buf, take(f64), n);
    this.flags = new Uint8Array(buf, take(bytes8), n);
    this.y = new Int8Array(buf, take(bytes8), n);
    this.stage = [new Float32Array(buf, take(f32), n), new Float32Array(buf, take(f32), n)];
  }

  /**
   * The workspace for binary problems of up to `largest` positions, with DenseQ's block
   * when `withScratch`; undefined when that block would not fit in wasm32's 4 GiB (use
   * the column cache then).
   */
  static acquire(largest: number, withScratch = false): SmoWorkspace | undefined {
    try {
      return new SmoWorkspace(largest, withScratch);
    } catch (err) {
      if (withScratch && err instanceof RangeError) return undefined;
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

  /** Ends this workspace's use: a thread keeps up to 64 MiB for its next fit, a larger memory is dropped. */
  release(): void {
    if (current && current.memory.buffer.byteLength > RETAIN_BYTES) current = undefined;
  }
}

/** Rows whose kernel values are decided per call of the WebAssembly decision loop. */
export const DECISION_ROWS = 64;

/**
 * The memory a prediction's one-vs-one decisions work in (wasm/smo-loops.ts, `ovoDecisions`):
 * the model's coefficients, and kernel values, decision values and votes for up to
 * DECISION_ROWS rows at a time. Same thread-wide memory as `SmoWorkspace` (never both at once).
 */
export class DecisionWorkspace {
  private readonly loops: SmoLoops;
  private readonly rowsKv: Float64Array[];
  private readonly dec: Float64Array;
  private readonly codes: Int32Array;
  private readonly at: { coef: number; nSV: number; rho: number; votes: number; nz: number };
  private readonly total: number;
  private readonly k: number;
  private readonly pairs: number;

  constructor(m: Pick<OvoModel, 'nClasses' | 'nSV' | 'coef' | 'rho'>, total: number) {
    const k = m.nClasses;
    const pairs = (k * (k - 1)) / 2;
    const R = DECISION_ROWS;
    const sizes = [8 * R * total, 8 * R * pairs, 4 * R, 8 * m.coef.length, 4 * k, 8 * pairs, 4 * k, 4 * total].map(align8);
    const { memory, loops } = instance(sizes.reduce((a, b) => a + b, 0));
    const buf = memory.buffer;
    let next = BASE;
    const take = (i: number): number => {
      const p = next;
      next += sizes[i]!;
      return p;
    };
    const kv = take(0);
    this.rowsKv = Array.from({ length: R }, (_, r) => new Float64Array(buf, kv + 8 * r * total, total));
    this.dec = new Float64Array(buf, take(1), R * pairs);
    this.codes = new Int32Array(buf, take(2), R);
    const coef = take(3);
    new Float64Array(buf, coef, m.coef.length).set(m.coef);
    const nSV = take(4);
    new Int32Array(buf, nSV, k).set(m.nSV);
    const rho = take(5);
    new Float64Array(buf, rho, pairs).set(m.rho);
    this.at = { coef, nSV, rho, votes: take(6), nz: take(7) };
    this.loops = loops;
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
    this.loops.ovoDecisions(
      this.rowsKv[0]!.byteOffset,
      rows,
      this.total,
      at.coef,
      at.nSV,
      this.k,
      at.rho,
      this.dec.byteOffset,
      this.codes.byteOffset,
      at.votes,
      at.nz,
    );
    dec.set(this.dec.subarray(0, rows * pairs), firstRow * pairs);
    codes.set(this.codes.subarray(0, rows), firstRow);
  }

  /** Ends this workspace's use (as SmoWorkspace.release). */
  release(): void {
    if (current && current.memory.buffer.byteLength > RETAIN_BYTES) current = undefined;
  }
}
