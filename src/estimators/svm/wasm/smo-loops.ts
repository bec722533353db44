// AssemblyScript source of the SMO solver's inner loops (src/estimators/svm/solver.ts), compiled to
// smo-loops.wasm by `npm run build:wasm` (the .wasm is committed; a test checks it is this file's build).
// Each loop does the same IEEE operations in the same order as the TypeScript it replaces, so the
// solver's iterates are bit-for-bit those of libsvm's order; only bounds checks and V8's
// typed-array overheads go (2–3× faster per element, measured in benchmarks/digits.ts' history).
// Arrays are addresses in the imported memory: f64 8 bytes, f32 4 bytes, i8/u8 1 byte per entry.

// `out`: where a loop leaves its second result (an f64 the caller reads through a Float64Array: cheaper than a
// WebAssembly.Global's accessor, and private to the calling thread when the memory is shared): the I_up maximum of
// `updateGradient` / `scanUp`, Gmax2 of `selectLow`.

/**
 * G[k] += Qi[k]·dai + Qj[k]·daj over positions [0, n), and the maximum of −yk·Gk over I_up
 * (flags bit 1), ties to the later position, excluding positions lo and hi (their status is
 * about to change: the caller considers them). Returns its position (−1: none); the value at `out`.
 */
export function updateGradient(G: usize, Qi: usize, Qj: usize, dai: f64, daj: f64, flags: usize, y: usize, lo: i32, hi: i32, n: i32, out: usize): i32 {
  let best = -Infinity;
  let at = -1;
  for (let k = 0; k < n; k++) {
    const o = (<usize>k) << 3;
    const q = (<usize>k) << 2;
    const g = load<f64>(G + o) + (<f64>load<f32>(Qi + q) * dai + <f64>load<f32>(Qj + q) * daj);
    store<f64>(G + o, g);
    if ((load<u8>(flags + k) & 1) !== 0 && k !== lo && k !== hi) {
      const v = -(<f64>load<i8>(y + k)) * g;
      if (v >= best) {
        best = v;
        at = k;
      }
    }
  }
  store<f64>(out, best);
  return at;
}

/** The maximum of −yt·Gt over I_up (flags bit 1) among positions [0, n), ties to the later position; value at `out`. */
export function scanUp(G: usize, flags: usize, y: usize, n: i32, out: usize): i32 {
  let best = -Infinity;
  let at = -1;
  for (let t = 0; t < n; t++) {
    if ((load<u8>(flags + t) & 1) === 0) continue;
    const v = -(<f64>load<i8>(y + t)) * load<f64>(G + ((<usize>t) << 3));
    if (v >= best) {
      best = v;
      at = t;
    }
  }
  store<f64>(out, best);
  return at;
}

/**
 * libsvm's second-order choice of j over I_low (flags bit 2) for a chosen i: the position
 * minimising −(gmax + yj·Gj)² / quad among those with gmax + yj·Gj > 0 (ties to the later);
 * −1 when none. `out` receives the maximum of yj·Gj over I_low (libsvm's Gmax2).
 * With noI set, only Gmax2 is computed (libsvm never reads Q_i then).
 */
export function selectLow(Qi: usize, QD: usize, G: usize, flags: usize, y: usize, n: i32, gmax: f64, QDi: f64, yi2: f64, tau: f64, noI: bool, out: usize): i32 {
  let gmax2 = -Infinity;
  let at = -1;
  let objMin = Infinity;
  for (let j = 0; j < n; j++) {
    if ((load<u8>(flags + j) & 2) === 0) continue;
    const yj = <f64>load<i8>(y + j);
    const yg = yj * load<f64>(G + ((<usize>j) << 3));
    if (yg >= gmax2) gmax2 = yg;
    if (noI) continue;
    const gradDiff = gmax + yg;
    if (gradDiff > 0) {
      const quad = QDi + load<f64>(QD + ((<usize>j) << 3)) - yi2 * yj * <f64>load<f32>(Qi + ((<usize>j) << 2));
      const obj = quad > 0 ? -(gradDiff * gradDiff) / quad : -(gradDiff * gradDiff) / tau;
      if (obj <= objMin) {
        at = j;
        objMin = obj;
      }
    }
  }
  store<f64>(out, gmax2);
  return at;
}

/**
 * DenseQ's gather of one Q column from a kernel-matrix row (`row`: its first entry): dst[t] = ±row[at[t]]
 * over [0, l), negated where the position's label y[t] differs from yi (Q = yi·yt·K; a sign change is exact).
 */
export function gatherColumn(dst: usize, row: usize, at: usize, y: usize, yi: i32, l: i32): void {
  for (let t = 0; t < l; t++) {
    const v = load<f32>(row + ((<usize>load<i32>(at + ((<usize>t) << 2))) << 2));
    store<f32>(dst + ((<usize>t) << 2), <i32>load<i8>(y + t) === yi ? v : -v);
  }
}

/** dst[k] += c·src[k] over [0, n): Ḡ's update when a variable reaches or leaves its bound (c = ±C). */
export function addScaled(dst: usize, src: usize, c: f64, n: i32): void {
  for (let k = 0; k < n; k++) {
    const o = (<usize>k) << 3;
    store<f64>(dst + o, load<f64>(dst + o) + c * <f64>load<f32>(src + ((<usize>k) << 2)));
  }
}

/**
 * libsvm's one-vs-one decision values and votes for `rows` samples, from each sample's
 * kernel values against every support vector (kv: rows × total, row-major): per class pair
 * (0,1), (0,2), …, Σ coef·K − rho summed in libsvm's order into dec (rows × pairs), and the
 * winning class code into codes (dec > 0 votes i, else j; ties to the lowest class).
 * Mostly-zero kernel rows (large RBF gamma) sum only their non-zero terms: skipping an exact
 * 0·coef term leaves a running double sum unchanged. coef is (k − 1) × total (libsvm's
 * sv_coef), nSV one count per class; votes (k) and nz (total) are scratch.
 */
export function ovoDecisions(
  kv: usize,
  rows: i32,
  total: i32,
  coef: usize,
  nSV: usize,
  k: i32,
  rho: usize,
  dec: usize,
  codes: usize,
  votes: usize,
  nz: usize,
): void {
  const pairs = (k * (k - 1)) / 2;
  for (let r = 0; r < rows; r++) {
    const kr = kv + <usize>r * <usize>total * 8;
    let nnz = 0;
    for (let s = 0; s < total; s++) {
      if (load<f64>(kr + ((<usize>s) << 3)) !== 0) {
        store<i32>(nz + ((<usize>nnz) << 2), s);
        nnz++;
      }
    }
    const sparse = nnz * 4 < total;
    memory.fill(votes, 0, (<usize>k) << 2);
    let p = 0;
    let si = 0;
    let ti = 0; // first non-zero term of class i (sparse)
    for (let i = 0; i < k; i++) {
      const ci = load<i32>(nSV + ((<usize>i) << 2));
      let sj = si + ci;
      let tEndI = ti;
      if (sparse) while (tEndI < nnz && load<i32>(nz + ((<usize>tEndI) << 2)) < sj) tEndI++;
      let tj = tEndI;
      for (let j = i + 1; j < k; j++) {
        const cj = load<i32>(nSV + ((<usize>j) << 2));
        const coef1 = coef + <usize>(j - 1) * <usize>total * 8;
        const coef2 = coef + <usize>i * <usize>total * 8;
        let sum: f64 = 0;
        if (sparse) {
          for (let t = ti; t < tEndI; t++) {
            const s = (<usize>load<i32>(nz + ((<usize>t) << 2))) << 3;
            sum += load<f64>(coef1 + s) * load<f64>(kr + s);
          }
          let tEndJ = tj;
          while (tEndJ < nnz && load<i32>(nz + ((<usize>tEndJ) << 2)) < sj + cj) tEndJ++;
          for (let t = tj; t < tEndJ; t++) {
            const s = (<usize>load<i32>(nz + ((<usize>t) << 2))) << 3;
            sum += load<f64>(coef2 + s) * load<f64>(kr + s);
          }
          tj = tEndJ;
        } else {
          for (let t = 0; t < ci; t++) {
            const s = (<usize>(si + t)) << 3;
            sum += load<f64>(coef1 + s) * load<f64>(kr + s);
          }
          for (let t = 0; t < cj; t++) {
            const s = (<usize>(sj + t)) << 3;
            sum += load<f64>(coef2 + s) * load<f64>(kr + s);
          }
        }
        sum -= load<f64>(rho + ((<usize>p) << 3));
        store<f64>(dec + ((<usize>(r * pairs + p)) << 3), sum);
        const winner = sum > 0 ? i : j;
        const at = votes + ((<usize>winner) << 2);
        store<i32>(at, load<i32>(at) + 1);
        p++;
        sj += cj;
      }
      si += ci;
      ti = tEndI;
    }
    let best = 0;
    for (let c = 1; c < k; c++) if (load<i32>(votes + ((<usize>c) << 2)) > load<i32>(votes + ((<usize>best) << 2))) best = c;
    store<i32>(codes + ((<usize>r) << 2), best);
  }
}
