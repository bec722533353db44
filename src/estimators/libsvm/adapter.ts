import { ValidationError } from '../../errors.js';
import type { Matrix } from '../../data/matrix.js';
import type { EncodedClasses } from '../class-labels.js';
import type { KernelSpec } from '../svm/kernel.js';
import { KERNEL_CODES } from '../svm/kernel.js';
import { ovoDecisionValues } from './decision.js';
import { LibsvmModel, MAX_COMMAND_LENGTH, type LibsvmModelArrays } from './wasm.js';

/** Frees a model's wasm memory when its owner is garbage-collected without `free()`. */
const finalizer = new FinalizationRegistry<LibsvmModel>((m) => m.free());

/** Row order stable-sorted by class, so libsvm's class order is sorted as in scikit-learn's libsvm fork. */
function orderByClass(enc: EncodedClasses): Int32Array {
  const start = new Int32Array(enc.classes.length);
  for (let c = 1; c < start.length; c++) start[c] = start[c - 1]! + enc.counts[c - 1]!;
  const order = new Int32Array(enc.codes.length);
  for (let i = 0; i < enc.codes.length; i++) order[start[enc.codes[i]!]!++] = i;
  return order;
}

/**
 * A number as libsvm reads it (C `atof`): 15 significant digits at most, so
 * 10 ** -4 (0.00009999999999999999 in JavaScript) is written 0.0001.
 */
function num(x: number, digits = 15): string {
  return String(Number(x.toPrecision(digits)));
}

/** What a libsvm-js training run needs besides the data. */
export interface LibsvmSettings {
  kernel: KernelSpec;
  C: number;
  tol: number;
  cacheSize: number;
  shrinking: boolean;
  probability: boolean;
  /** Per-class weights in class order, or undefined (all 1). */
  weights: Float64Array | undefined;
}

/** The libsvm command line (only what differs from libsvm's defaults, numbers in their shortest exact form). */
function command(s: LibsvmSettings): string {
  const k = s.kernel;
  // libsvm-js mis-parses command lines over MAX_COMMAND_LENGTH characters (wasm.ts).
  const parts = ['-q 1', `-t ${KERNEL_CODES[k.kernel]}`, `-c ${num(s.C)}`, `-e ${num(s.tol)}`];
  if (k.kernel !== 'linear') parts.push(`-g ${num(k.gamma)}`);
  if (k.kernel === 'poly') parts.push(`-d ${k.degree}`);
  if ((k.kernel === 'poly' || k.kernel === 'sigmoid') && k.coef0 !== 0) parts.push(`-r ${num(k.coef0)}`);
  if (s.cacheSize !== 100) parts.push(`-m ${num(s.cacheSize)}`);
  if (!s.shrinking) parts.push('-h 0');
  if (s.probability) parts.push('-b 1');
  if (!s.weights) return parts.join(' ');
  // Class weights take as many digits as fit in the line (at least 6 significant).
  const base = parts.join(' ');
  for (let digits = 15; ; digits--) {
    const w: string[] = [];
    s.weights.forEach((v, c) => {
      if (v !== 1) w.push(`-w${c} ${num(v, digits)}`);
    });
    const line = w.length ? `${base} ${w.join(' ')}` : base;
    if (line.length <= MAX_COMMAND_LENGTH || digits === 6) return line;
  }
}

/**
 * An SVC model trained by libsvm-js (libsvm 3.22 compiled to WebAssembly): the
 * reference our own solver is tested against, and what `probability: true` uses
 * (Platt scaling with libsvm's internal 5-fold CV). Its memory lives on the wasm
 * heap: `free()` releases it at once (else the garbage collector does, late).
 */
export class LibsvmFit {
  private arrays: LibsvmModelArrays | undefined;
  /** libsvm's label order (class codes). */
  readonly order: Int32Array;

  private constructor(private model: LibsvmModel | undefined) {
    finalizer.register(this, model!, this);
    this.order = model!.labels();
  }

  /** Trains on X with class codes `enc`. */
  static train(X: Matrix, enc: EncodedClasses, s: LibsvmSettings): LibsvmFit {
    return new LibsvmFit(LibsvmModel.train(X.data, X.rows, X.cols, enc.codes, orderByClass(enc), command(s)));
  }

  /** Restores a model saved with `serialize`. */
  static deserialize(text: string): LibsvmFit {
    return new LibsvmFit(LibsvmModel.deserialize(text));
  }

  private live(): LibsvmModel {
    if (!this.model) throw new ValidationError('SVC: the libsvm model was freed; fit again');
    return this.model;
  }

  /** Predicted class codes (as numbers). */
  predict(X: Matrix): Float64Array {
    return this.live().predict(X.data, X.rows, X.cols);
  }

  /** Probabilities, one column per class in class-code order. */
  predictProba(X: Matrix, k: number): Float64Array {
    const raw = this.live().predictProbability(X.data, X.rows, X.cols);
    const data = new Float64Array(X.rows * k);
    for (let i = 0; i < X.rows; i++) {
      for (let j = 0; j < k; j++) data[i * k + this.order[j]!] = raw[i * k + j]!;
    }
    return data;
  }

  /** libsvm's one-vs-one decision values (rows × pairs), computed in JS from the model arrays. */
  ovo(X: Matrix): Float64Array {
    this.arrays ??= this.live().readArrays();
    return ovoDecisionValues(this.arrays, X.data, X.rows, X.cols);
  }

  /** libsvm's model file text. */
  serialize(): string {
    return this.live().serialize();
  }

  /** Releases the wasm memory now. */
  free(): void {
    if (!this.model) return;
    finalizer.unregister(this);
    this.model.free();
    this.model = undefined;
    this.arrays = undefined;
  }
}
