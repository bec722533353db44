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
const trainProblem = lib.cwrap('libsvm_train_problem', 'number', ['number', 'string']);
const deserializeModel = lib.cwrap('deserialize_model', 'number', ['string']);

/** Writes a row-major matrix to the wasm heap; the caller frees the pointer. */
function toHeap(data: Float64Array): number {
  const ptr = lib._malloc(Math.max(8, data.length * 8));
  lib.HEAPF64.set(data, ptr / 8);
  return ptr;
}

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

  /** libsvm's model file text (support vectors, coefficients, rho, probA/probB). */
  serialize(): string {
    const ptr = lib._serialize_model(this.live());
    const text = lib.Pointer_stringify(ptr);
    lib._free(ptr);
    return text;
  }

  /** Releases the model and its training problem from the wasm heap; safe to call twice. */
  free(): void {
    if (this.model) lib._svm_free_model(this.model);
    if (this.problem) lib._free_problem(this.problem);
    this.model = 0;
    this.problem = 0;
  }
}
