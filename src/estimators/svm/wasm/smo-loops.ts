// AssemblyScript source of the SMO solver's inner loops (src/estimators/svm/solver.ts), compiled to
// smo-loops.wasm by `npm run build:wasm` (the .wasm is committed; a test checks it is this file's build).
// Each loop does the same IEEE operations in the same order as the TypeScript it replaces, so the
// solver's iterates are bit-for-bit those of libsvm's order; only bounds checks and V8's
// typed-array overheads go (2–3× faster per element, measured in benchmarks/digits.ts' history).
// Arrays are addresses in the imported memory: f64 8 bytes, f32 4 bytes, i8/u8 1 byte per entry.

/**
 * Where the loops leave their second result (an f64 at address 0 of the memory, read by the caller through a
 * Float64Array: cheaper than a WebAssembly.Global's accessor): the I_up maximum of `updateGradient` / `scanUp`,
 * Gmax2 of `selectLow`.
 */
const FOUND: usize = 0;

/**
 * G[k] += Qi[k]·dai + Qj[k]·daj over positions [0, n), and the maximum of −yk·Gk over I_up
 * (flags bit 1), ties to the later position, excluding positions lo and hi (their status is
 * about to change: the caller considers them). Returns its position (−1: none); the value at FOUND.
 */
export function updateGradient(G: usize, Qi: usize, Qj: usize, dai: f64, daj: f64, flags: usize, y: usize, lo: i32, hi: i32, n: i32): i32 {
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
  store<f64>(FOUND, best);
  return at;
}

/** The maximum of −yt·Gt over I_up (flags bit 1) among positions [0, n), ties to the later position; value at FOUND. */
export function scanUp(G: usize, flags: usize, y: usize, n: i32): i32 {
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
  store<f64>(FOUND, best);
  return at;
}

/**
 * libsvm's second-order choice of j over I_low (flags bit 2) for a chosen i: the position
 * minimising −(gmax + yj·Gj)² / quad among those with gmax + yj·Gj > 0 (ties to the later);
 * −1 when none. FOUND receives the maximum of yj·Gj over I_low (libsvm's Gmax2).
 * With noI set, only Gmax2 is computed (libsvm never reads Q_i then).
 */
export function selectLow(Qi: usize, QD: usize, G: usize, flags: usize, y: usize, n: i32, gmax: f64, QDi: f64, yi2: f64, tau: f64, noI: bool): i32 {
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
  store<f64>(FOUND, gmax2);
  return at;
}

/** dst[k] += c·src[k] over [0, n): Ḡ's update when a variable reaches or leaves its bound (c = ±C). */
export function addScaled(dst: usize, src: usize, c: f64, n: i32): void {
  for (let k = 0; k < n; k++) {
    const o = (<usize>k) << 3;
    store<f64>(dst + o, load<f64>(dst + o) + c * <f64>load<f32>(src + ((<usize>k) << 2)));
  }
}
