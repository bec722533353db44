/**
 * Kernels as libsvm evaluates them (scikit-learn 1.2.1's fork, dense rows). Two forms
 * matter for bit-parity: training reads K(i, j) through dot products
 * (RBF = exp(-γ(‖xi‖² + ‖xj‖² − 2 xi·xj)), libsvm's `Kernel::kernel_*`), prediction
 * through `k_function` (RBF = exp(-γ Σ (x − sv)²)). Both are reproduced here.
 */

/** libsvm's kernel codes. */
export const KERNEL_CODES = { linear: 0, poly: 1, rbf: 2, sigmoid: 3 } as const;

/** A kernel name scikit-learn accepts. */
export type KernelName = keyof typeof KERNEL_CODES;

/** A fully resolved kernel: gamma is a number here ('scale' / 'auto' already applied). */
export interface KernelSpec {
  kernel: KernelName;
  gamma: number;
  degree: number;
  coef0: number;
}

/** libsvm's `powi`: x to an integer power by squaring (same rounding as libsvm's poly kernel). */
export function powi(base: number, times: number): number {
  let tmp = base;
  let ret = 1.0;
  for (let t = times; t > 0; t = Math.floor(t / 2)) {
    if (t % 2 === 1) ret *= tmp;
    tmp = tmp * tmp;
  }
  return ret;
}

/** Population variance of every value of X (numpy's `X.var()`, for gamma 'scale'). */
export function variance(data: Float64Array): number {
  let mean = 0;
  for (let i = 0; i < data.length; i++) mean += data[i]!;
  mean /= data.length;
  let s = 0;
  for (let i = 0; i < data.length; i++) s += (data[i]! - mean) ** 2;
  return s / data.length;
}

/** scikit-learn's gamma: 'scale' = 1 / (nFeatures · X.var()) (1 when the variance is 0), 'auto' = 1 / nFeatures. */
export function resolveGamma(gamma: number | 'scale' | 'auto', X: Float64Array, cols: number): number {
  if (gamma === 'scale') {
    const v = variance(X);
    return v === 0 ? 1.0 : 1 / (cols * v);
  }
  if (gamma === 'auto') return 1 / cols;
  return gamma;
}

/** The training kernel value from a dot product and the two squared norms (libsvm's `Kernel::kernel_*`). */
export function kernelFromDot(k: KernelSpec, dot: number, sqA: number, sqB: number): number {
  switch (k.kernel) {
    case 'linear':
      return dot;
    case 'poly':
      return powi(k.gamma * dot + k.coef0, k.degree);
    case 'rbf':
      return Math.exp(-k.gamma * (sqA + sqB - 2 * dot));
    case 'sigmoid':
      return Math.tanh(k.gamma * dot + k.coef0);
  }
}

/** Dot product of rows a and b of a row-major matrix, summed in column order as libsvm's dense `dot`. */
export function rowDot(X: Float64Array, cols: number, a: number, b: number): number {
  let s = 0;
  const oa = a * cols;
  const ob = b * cols;
  for (let c = 0; c < cols; c++) s += X[oa + c]! * X[ob + c]!;
  return s;
}

/**
 * libsvm's `k_function` (what prediction uses): kernel of row `a` of A against row `b` of B.
 * RBF sums squared differences directly, unlike training.
 */
export function predictKernel(k: KernelSpec, A: Float64Array, a: number, B: Float64Array, b: number, cols: number): number {
  const oa = a * cols;
  const ob = b * cols;
  if (k.kernel === 'rbf') {
    let s = 0;
    for (let c = 0; c < cols; c++) {
      const d = A[oa + c]! - B[ob + c]!;
      s += d * d;
    }
    return Math.exp(-k.gamma * s);
  }
  let dot = 0;
  for (let c = 0; c < cols; c++) dot += A[oa + c]! * B[ob + c]!;
  return kernelFromDot(k, dot, 0, 0);
}
