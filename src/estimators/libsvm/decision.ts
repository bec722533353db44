import type { LibsvmModelArrays } from './wasm.js';

/**
 * libsvm's one-vs-one decision values (svm_predict_values) computed in JS from the
 * model arrays, since libsvm-js does not export that function: one column per class
 * pair (0,1), (0,2), …, (1,2), … in libsvm's label order; positive favours the first.
 */
export function ovoDecisionValues(a: LibsvmModelArrays, X: Float64Array, rows: number, cols: number): Float64Array {
  const k = a.labels.length;
  const l = a.sv.length;
  // Dense support vectors (indices are 1-based; absent features are 0).
  const sv = new Float64Array(l * cols);
  a.sv.forEach((node, i) =>
    node.index.forEach((ix, j) => {
      if (ix >= 1 && ix <= cols) sv[i * cols + ix - 1] = node.value[j]!;
    }),
  );
  const start = new Int32Array(k);
  for (let c = 1; c < k; c++) start[c] = start[c - 1]! + a.nSV[c - 1]!;
  const pairs = (k * (k - 1)) / 2;
  const out = new Float64Array(rows * pairs);
  const kv = new Float64Array(l);
  for (let r = 0; r < rows; r++) {
    const x = X.subarray(r * cols, (r + 1) * cols);
    for (let i = 0; i < l; i++) {
      let dot = 0;
      let dist = 0;
      for (let j = 0; j < cols; j++) {
        const s = sv[i * cols + j]!;
        dot += x[j]! * s;
        dist += (x[j]! - s) ** 2;
      }
      kv[i] =
        a.kernelType === 0
          ? dot
          : a.kernelType === 1
            ? (a.gamma * dot + a.coef0) ** a.degree
            : a.kernelType === 2
              ? Math.exp(-a.gamma * dist)
              : Math.tanh(a.gamma * dot + a.coef0);
    }
    let p = 0;
    for (let ci = 0; ci < k; ci++) {
      for (let cj = ci + 1; cj < k; cj++) {
        let sum = 0;
        const coefI = a.svCoef[cj - 1]!;
        const coefJ = a.svCoef[ci]!;
        for (let s = 0; s < a.nSV[ci]!; s++) sum += coefI[start[ci]! + s]! * kv[start[ci]! + s]!;
        for (let s = 0; s < a.nSV[cj]!; s++) sum += coefJ[start[cj]! + s]! * kv[start[cj]! + s]!;
        out[r * pairs + p++] = sum - a.rho[p - 1]!;
      }
    }
  }
  return out;
}

/**
 * scikit-learn's `decision_function_shape='ovr'` transform of one-vs-one values
 * (`_ovr_decision_function`): votes plus confidences squashed into (−1/3, 1/3).
 */
export function ovrFromOvo(ovo: Float64Array, rows: number, k: number): Float64Array {
  const pairs = (k * (k - 1)) / 2;
  const out = new Float64Array(rows * k);
  const conf = new Float64Array(k);
  for (let r = 0; r < rows; r++) {
    conf.fill(0);
    let p = 0;
    for (let i = 0; i < k; i++) {
      for (let j = i + 1; j < k; j++) {
        const d = ovo[r * pairs + p++]!;
        conf[i] += d;
        conf[j] -= d;
        out[r * k + (d >= 0 ? i : j)] += 1; // scikit-learn votes i when dec >= 0
      }
    }
    for (let c = 0; c < k; c++) out[r * k + c] += conf[c]! / (3 * (Math.abs(conf[c]!) + 1));
  }
  return out;
}
