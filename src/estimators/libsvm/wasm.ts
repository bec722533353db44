import { createRequire } from 'node:module';

/**
 * libsvm-js's WebAssembly module, loaded once per thread (top-level await) with
 * its side effects undone, plus thin bulk bindings over the functions it exports.
 *
 * libsvm-js's `SVM` class copies every row into a fresh JS array and through
 * emscripten's `ccall` stack; these bindings write a whole matrix to the wasm heap
 * once and call the exported C functions on pointers (predict of 599 digits rows:
 * 38.6 ms vs 42.9 ms through `SVM.predict`, building a 1,198-row problem: 0.7 ms).
 */

interface EmscriptenModule {
  HEAPF64: Float64Array;
  HEAP32: Int32Array;
  _malloc(bytes: number): number;
  _free(ptr: number): void;
  _create_svm_nodes(nSamples: number, nFeatures: number): number;
  _add_instance(problem: number, xPtr: number, nFeatures: number, label: number, i: number): void;
  _free_problem(problem: number): void;
  _libsvm_predict_one(model: number, xPtr: number, nFeatures: number): number;
  _libsvm_predict_one_probability(model: number, xPtr: number, nFeatures: number, outPtr: number): number;
  _svm_free_model(model: number): void;
  _svm_get_nr_class(model: number): number;
  _svm_get_labels(model: number, outPtr: number): void;
  _serialize_model(model: number): number;
  cwrap(name: string, ret: string, argTypes: string[]): (...args: unknown[]) => number;
  Pointer_stringify(ptr: number): string;
}

const require = createRequire(import.meta.url);

function loadModule(): Promise<void> {
  const listenersBefore = new Set(process.listeners('unhandledRejection'));
  // Hide instantiateStreaming while the module initialises: with Node 20's global
  // fetch it would try a file: URL, fail, and log "wasm streaming compile failed".
  const wasm = (globalThis as unknown as { WebAssembly: { instantiateStreaming?: unknown } }).WebAssembly;
  const streaming = wasm.instantiateStreaming;
  wasm.instantiateStreaming = undefined;
  let ready: Promise<unknown>;
  try {
    ready = require('libsvm-js') as Promise<unknown>;
  } finally {
    wasm.instantiateStreaming = streaming;
    // Loading installs `unhandledRejection → process.exit(1)`: remove it.
    for (const l of process.listeners('unhandledRejection')) {
      if (!listenersBefore.has(l)) process.off('unhandledRejection', l);
    }
  }
  // Not returned through the promise: the emscripten module has a `then` method
  // and resolving a promise with it never settles.
  return ready.then(() => undefined);
}

await loadModule();
const lib = require('libsvm-js/out/wasm/libsvm.js') as EmscriptenModule;
const trainProblemRaw = lib.cwrap('libsvm_train_problem', 'number', ['number', 'string']);
const deserializeModelRaw = lib.cwrap('deserialize_model', 'number', ['string']);

/**
 * Longest command line libsvm-js parses reliably. Measured: of 6,000 random SVC
 * command lines of 230–400 characters, 554 made its C parser call `exit(1)`, the
 * shortest failing one 265 characters long; none of 20,000 shorter ones did.
 */
export const MAX_COMMAND_LENGTH = 256;

/** Thrown instead of letting libsvm's C `exit()` end the process (or the worker thread). */
export class LibsvmExitError extends Error {
  override readonly name = 'LibsvmExitError';
}

/**
 * Runs a libsvm call with `process.exit` turned into a thrown error: emscripten maps
 * C `exit(status)` to `process.exit`, which would silently end the whole process (or
 * the pool thread) in the middle of a search. The error unwinds the wasm stack instead.
 */
export function withExitGuard<T>(what: string, fn: () => T): T {
  const realExit = process.exit;
  process.exit = ((code?: number) => {
    throw new LibsvmExitError(`libsvm called exit(${code ?? 0}) while ${what}`);
  }) as typeof process.exit;
  try {
    return fn();
  } finally {
    process.exit = realExit;
  }
}

function trainProblem(problem: number, command: string): number {
  if (command.length > MAX_COMMAND_LENGTH) {
    throw new Error(
      `libsvm command line is ${command.length} characters ('${command}'); libsvm-js mis-parses lines over ${MAX_COMMAND_LENGTH}. ` +
        `This happens with classWeight over many classes: pass fewer or rounder class weights.`,
    );
  }
  return withExitGuard(`training with '${command}'`, () => trainProblemRaw(problem, command));
}

function deserializeModel(text: string): number {
  return withExitGuard('loading a serialized model', () => deserializeModelRaw(text));
}

/** Writes a row-major matrix to the wasm heap; the caller frees the pointer. */
function toHeap(data: Float64Array): number {
  const ptr = lib._malloc(Math.max(8, data.length * 8));
  lib.HEAPF64.set(data, ptr / 8);
  return ptr;
}

/** A model's arrays read from libsvm's `struct svm_model` on the wasm heap. */
export interface LibsvmModelArrays {
  kernelType: number;
  degree: number;
  gamma: number;
  coef0: number;
  /** libsvm labels in internal class order. */
  labels: Int32Array;
  /** Support vectors per class, in `labels` order. */
  nSV: Int32Array;
  /** Support vectors as (1-based feature index, value) lists. */
  sv: { index: Int32Array; value: Float64Array }[];
  /** nClass − 1 rows of l coefficients. */
  svCoef: Float64Array[];
  /** One intercept per class pair (0,1), (0,2), …, (1,2), … */
  rho: Float64Array;
  probA: Float64Array | undefined;
  probB: Float64Array | undefined;
}

// Byte offsets in libsvm 3.22's `struct svm_model` compiled to wasm32 (4-byte pointers,
// 8-byte aligned doubles): svm_parameter (96 bytes) then nr_class, l, SV, sv_coef, rho,
// probA, probB, sv_indices, label, nSV. Checked against each model before use (`readArrays`).
const OFF = {
  svmType: 0,
  kernelType: 4,
  degree: 8,
  gamma: 16,
  coef0: 24,
  nrClass: 96,
  l: 100,
  sv: 104,
  svCoef: 108,
  rho: 112,
  probA: 116,
  probB: 120,
  label: 128,
  nSV: 132,
};

/** A trained libsvm model on the wasm heap (outside the garbage collector: call `free`). */
export class LibsvmModel {
  private constructor(
    private model: number,
    private problem: number,
  ) {}

  /** Trains with a libsvm command line (`-s 0 -t 2 -c 1 …`) on row-major X and integer labels. */
  static train(X: Float64Array, rows: number, cols: number, labels: Int32Array, order: Int32Array, command: string): LibsvmModel {
    const problem = lib._create_svm_nodes(rows, cols);
    const xPtr = toHeap(X);
    try {
      // add_instance copies the row into the problem's own nodes.
      for (let k = 0; k < rows; k++) {
        const i = order[k]!;
        lib._add_instance(problem, xPtr + i * cols * 8, cols, labels[i]!, k);
      }
    } finally {
      lib._free(xPtr);
    }
    const model = trainProblem(problem, command);
    if (!model) {
      lib._free_problem(problem);
      throw new Error(`libsvm failed to train with '${command}'`);
    }
    return new LibsvmModel(model, problem);
  }

  /** Rebuilds a model from libsvm's text format (`serialize`). */
  static deserialize(text: string): LibsvmModel {
    const model = deserializeModel(text);
    if (!model) throw new Error('libsvm could not parse the serialized model');
    return new LibsvmModel(model, 0);
  }

  private live(): number {
    if (!this.model) throw new Error('libsvm model was freed');
    return this.model;
  }

  /** libsvm's labels in its internal class order. */
  labels(): Int32Array {
    const m = this.live();
    const n = lib._svm_get_nr_class(m);
    const ptr = lib._malloc(n * 4);
    lib._svm_get_labels(m, ptr);
    const out = Int32Array.from(lib.HEAP32.subarray(ptr / 4, ptr / 4 + n));
    lib._free(ptr);
    return out;
  }

  /** Predicted label per row (one-vs-one voting for multiclass). */
  predict(X: Float64Array, rows: number, cols: number): Float64Array {
    const m = this.live();
    const out = new Float64Array(rows);
    const xPtr = toHeap(X);
    for (let i = 0; i < rows; i++) out[i] = lib._libsvm_predict_one(m, xPtr + i * cols * 8, cols);
    lib._free(xPtr);
    return out;
  }

  /** Platt-scaled probabilities, one row per sample, columns in `labels()` order. */
  predictProbability(X: Float64Array, rows: number, cols: number): Float64Array {
    const m = this.live();
    const k = lib._svm_get_nr_class(m);
    const out = new Float64Array(rows * k);
    const xPtr = toHeap(X);
    const pPtr = lib._malloc(k * 8);
    for (let i = 0; i < rows; i++) {
      lib._libsvm_predict_one_probability(m, xPtr + i * cols * 8, cols, pPtr);
      out.set(lib.HEAPF64.subarray(pPtr / 8, pPtr / 8 + k), i * k);
    }
    lib._free(pPtr);
    lib._free(xPtr);
    return out;
  }

  /**
   * The model's arrays read from the heap. libsvm-js exports no svm_predict_values nor a
   * full-precision save, so decision values and exact serialisation need them. Throws if
   * the struct does not look like the one these offsets describe.
   */
  readArrays(): LibsvmModelArrays {
    const m = this.live();
    const i32 = (o: number): number => lib.HEAP32[(m + o) >> 2]!;
    const f64 = (ptr: number, n: number): Float64Array => Float64Array.from(lib.HEAPF64.subarray(ptr >> 3, (ptr >> 3) + n));
    const k = i32(OFF.nrClass);
    const l = i32(OFF.l);
    const labels = Int32Array.from(lib.HEAP32.subarray(i32(OFF.label) >> 2, (i32(OFF.label) >> 2) + k));
    const svmType = i32(OFF.svmType);
    const kernelType = i32(OFF.kernelType);
    if (svmType !== 0 || kernelType < 0 || kernelType > 3 || k !== lib._svm_get_nr_class(m) || labels.join() !== this.labels().join()) {
      throw new Error('libsvm model layout is not the expected libsvm 3.22 wasm32 one; cannot read model arrays');
    }
    const nSV = Int32Array.from(lib.HEAP32.subarray(i32(OFF.nSV) >> 2, (i32(OFF.nSV) >> 2) + k));
    const svPtrs = lib.HEAP32.subarray(i32(OFF.sv) >> 2, (i32(OFF.sv) >> 2) + l);
    const sv = Array.from(svPtrs, (p) => {
      const idx: number[] = [];
      const val: number[] = [];
      for (let node = p; lib.HEAP32[node >> 2] !== -1; node += 16) {
        idx.push(lib.HEAP32[node >> 2]!);
        val.push(lib.HEAPF64[(node + 8) >> 3]!);
      }
      return { index: Int32Array.from(idx), value: Float64Array.from(val) };
    });
    const coefPtrs = lib.HEAP32.subarray(i32(OFF.svCoef) >> 2, (i32(OFF.svCoef) >> 2) + k - 1);
    const pairs = (k * (k - 1)) / 2;
    return {
      kernelType,
      degree: i32(OFF.degree),
      gamma: lib.HEAPF64[(m + OFF.gamma) >> 3]!,
      coef0: lib.HEAPF64[(m + OFF.coef0) >> 3]!,
      labels,
      nSV,
      sv,
      svCoef: Array.from(coefPtrs, (p) => f64(p, l)),
      rho: f64(i32(OFF.rho), pairs),
      probA: i32(OFF.probA) ? f64(i32(OFF.probA), pairs) : undefined,
      probB: i32(OFF.probB) ? f64(i32(OFF.probB), pairs) : undefined,
    };
  }

  /**
   * libsvm's model file text with every number at full precision (libsvm's own writer
   * keeps rho/probA/probB to 6 and support-vector values to 8 significant digits).
   */
  serialize(): string {
    const ptr = lib._serialize_model(this.live());
    const text = lib.Pointer_stringify(ptr);
    lib._free(ptr);
    const a = this.readArrays();
    const header = text
      .slice(0, text.indexOf('SV\n'))
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => {
        const key = line.split(' ')[0];
        if (key === 'rho') return `rho ${Array.from(a.rho).join(' ')}`;
        if (key === 'probA' && a.probA) return `probA ${Array.from(a.probA).join(' ')}`;
        if (key === 'probB' && a.probB) return `probB ${Array.from(a.probB).join(' ')}`;
        if (key === 'gamma') return `gamma ${a.gamma}`;
        if (key === 'coef0') return `coef0 ${a.coef0}`;
        return line;
      });
    const svLines = a.sv.map((node, i) => {
      const coefs = a.svCoef.map((row) => String(row[i]));
      const values = Array.from(node.index, (ix, j) => `${ix}:${node.value[j]}`);
      return `${[...coefs, ...values].join(' ')} `;
    });
    return `${header.join('\n')}\nSV\n${svLines.join('\n')}\n`;
  }

  /** Releases the model and its training problem from the wasm heap; safe to call twice. */
  free(): void {
    if (this.model) lib._svm_free_model(this.model);
    if (this.problem) lib._free_problem(this.problem);
    this.model = 0;
    this.problem = 0;
  }
}
