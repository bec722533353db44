import type { QColumns } from './q-matrix.js';
import { SmoWorkspace } from './smo-workspace.js';
import { swapEntries } from './swap.js';

/** libsvm's TAU: the quadratic coefficient used when the pair's is not positive. */
const TAU = 1e-12;
const LOWER = 0;
const UPPER = 1;
const FREE = 2;

/** What `solveBinary` returns. */
export interface BinarySolution {
  /** yi·αi for each row of the sub-problem, in its original order. */
  coef: Float64Array;
  /** libsvm's rho (the decision value is Σ coef·K − rho). */
  rho: number;
  /** SMO iterations run. */
  iterations: number;
  /** True when `maxIter` stopped the solver before the tolerance was met. */
  timedOut: boolean;
}

/**
 * libsvm's C-SVC dual solver (scikit-learn 1.2.1's fork): SMO with second-order
 * working-set selection (Fan, Chen & Lin, JMLR 2005), shrinking with gradient
 * reconstruction, stopping when the maximal violation is below `eps`, and
 * scikit-learn's `max_iter` (−1: no cap). Minimises ½αᵀQα − eᵀα subject to
 * yᵀα = 0 and 0 ≤ αi ≤ C[i]. Operations follow libsvm's order so the iterates
 * (and the support vectors) are the same. Hand-written: no npm package implements
 * libsvm's solver in JavaScript (libsvm-js is its emscripten build, 2–4× slower
 * than scikit-learn per fit and unable to share kernel work across fits).
 */
export function solveBinary(
  Q: QColumns,
  yIn: Int8Array,
  C: Float64Array,
  eps: number,
  shrinking: boolean,
  maxIter: number,
  ws: SmoWorkspace = SmoWorkspace.acquire(yIn.length)!,
): BinarySolution {
  const l = yIn.length;
  const yOrig = Int8Array.from(yIn);
  // the arrays the WebAssembly loops read live in the workspace's memory (y and QD: copies, swapped with Q's)
  const y = ws.y.subarray(0, l);
  y.set(yIn);
  const QD = ws.QD.subarray(0, l);
  QD.set(Q.QD);
  const alpha = new Float64Array(l);
  const status = new Uint8Array(l); // all LOWER: α = 0
  const p = new Float64Array(l).fill(-1);
  const active = new Int32Array(l);
  for (let i = 0; i < l; i++) active[i] = i;
  const G = ws.G.subarray(0, l).fill(-1); // G = Qα + p with α = 0
  const Gbar = ws.Gbar.subarray(0, l).fill(0);
  const Cs = Float64Array.from(C);
  let activeSize = l;
  let unshrink = false;

  // I_up / I_low membership of each position (bit 1 / bit 2), kept with the status:
  // y = +1: up when not at C, low when not at 0; y = −1 the other way round.
  const flags = ws.flags.subarray(0, l);
  const setFlags = (t: number): void => {
    const st = status[t]!;
    flags[t] = y[t] === 1 ? (st !== UPPER ? 1 : 0) | (st !== LOWER ? 2 : 0) : (st !== LOWER ? 1 : 0) | (st !== UPPER ? 2 : 0);
  };
  for (let t = 0; t < l; t++) setFlags(t);

  const updateStatus = (i: number): void => {
    status[i] = alpha[i]! >= Cs[i]! ? UPPER : alpha[i]! <= 0 ? LOWER : FREE;
    setFlags(i);
  };

  const swap = (i: number, j: number): void => {
    Q.swapIndex(i, j); // swaps Q's labels (the caller's y), diagonal and kernel rows
    swapEntries(y, i, j);
    swapEntries(QD, i, j);
    swapEntries(G, i, j);
    swapEntries(status, i, j);
    swapEntries(flags, i, j);
    swapEntries(alpha, i, j);
    swapEntries(p, i, j);
    swapEntries(active, i, j);
    swapEntries(Gbar, i, j);
    swapEntries(Cs, i, j);
  };

  const reconstructGradient = (): void => {
    if (activeSize === l) return;
    let nFree = 0;
    for (let j = activeSize; j < l; j++) G[j] = Gbar[j]! + p[j]!;
    for (let j = 0; j < activeSize; j++) if (status[j] === FREE) nFree++;
    if (nFree * l > 2 * activeSize * (l - activeSize)) {
      for (let i = activeSize; i < l; i++) {
        const Qi = Q.getQ(i, activeSize);
        for (let j = 0; j < activeSize; j++) if (status[j] === FREE) G[i] += alpha[j]! * Qi[j]!;
      }
    } else {
      for (let i = 0; i < activeSize; i++) {
        if (status[i] !== FREE) continue;
        const Qi = Q.getQ(i, l);
        const ai = alpha[i]!;
        for (let j = activeSize; j < l; j++) G[j] += ai * Qi[j]!;
      }
    }
  };

  const beShrunk = (i: number, gmax1: number, gmax2: number): boolean => {
    if (status[i] === UPPER) return y[i] === 1 ? -G[i]! > gmax1 : -G[i]! > gmax2;
    if (status[i] === LOWER) return y[i] === 1 ? G[i]! > gmax2 : G[i]! > gmax1;
    return false;
  };

  const doShrinking = (): void => {
    let gmax1 = -Infinity; // max -yi·∇f(α)i over I_up
    let gmax2 = -Infinity; // max yi·∇f(α)i over I_low
    for (let i = 0; i < activeSize; i++) {
      const g = G[i]!;
      if (y[i] === 1) {
        if (status[i] !== UPPER && -g >= gmax1) gmax1 = -g;
        if (status[i] !== LOWER && g >= gmax2) gmax2 = g;
      } else {
        if (status[i] !== UPPER && -g >= gmax2) gmax2 = -g;
        if (status[i] !== LOWER && g >= gmax1) gmax1 = g;
      }
    }
    if (!unshrink && gmax1 + gmax2 <= eps * 10) {
      unshrink = true;
      reconstructGradient();
      activeSize = l;
    }
    for (let i = 0; i < activeSize; i++) {
      if (!beShrunk(i, gmax1, gmax2)) continue;
      activeSize--;
      while (activeSize > i) {
        if (!beShrunk(activeSize, gmax1, gmax2)) {
          swap(i, activeSize);
          break;
        }
        activeSize--;
      }
    }
  };

  const pick = new Int32Array(2);
  /** libsvm's WSS2 over the active set; true when optimal (see `selectWorkingSet`). */
  // up[0], up[1]: the I_up maximum of −yt·Gt and its position, found while updating G (up[1] = −2: not known)
  const up = new Float64Array([-Infinity, -2]);
  const optimal = (): boolean => selectWorkingSet(ws, Q, QD, y, G, flags, activeSize, eps, pick, up);
  const { loops } = ws;
  const pG = G.byteOffset;
  const pGbar = Gbar.byteOffset;
  const pFlags = flags.byteOffset;
  const pY = y.byteOffset;
  const pOut = ws.out.byteOffset;

  let iter = 0;
  let counter = Math.min(l, 1000) + 1;
  let timedOut = false;
  for (;;) {
    if (maxIter !== -1 && iter >= maxIter) {
      timedOut = true;
      break;
    }
    if (--counter === 0) {
      counter = Math.min(l, 1000);
      if (shrinking) {
        doShrinking();
        up[1] = -2;
      }
    }
    if (optimal()) {
      reconstructGradient();
      activeSize = l;
      up[1] = -2;
      if (optimal()) break;
      counter = 1;
    }
    ++iter;
    const i = pick[0]!;
    const j = pick[1]!;
    const Qi = Q.getQ(i, activeSize);
    const Qj = Q.getQ(j, activeSize);
    const Ci = Cs[i]!;
    const Cj = Cs[j]!;
    const oldAi = alpha[i]!;
    const oldAj = alpha[j]!;
    let ai = oldAi;
    let aj = oldAj;
    if (y[i] !== y[j]) {
      let quad = QD[i]! + QD[j]! + 2 * Qi[j]!;
      if (quad <= 0) quad = TAU;
      const delta = (-G[i]! - G[j]!) / quad;
      const diff = ai - aj;
      ai += delta;
      aj += delta;
      if (diff > 0) {
        if (aj < 0) {
          aj = 0;
          ai = diff;
        }
      } else if (ai < 0) {
        ai = 0;
        aj = -diff;
      }
      if (diff > Ci - Cj) {
        if (ai > Ci) {
          ai = Ci;
          aj = Ci - diff;
        }
      } else if (aj > Cj) {
        aj = Cj;
        ai = Cj + diff;
      }
    } else {
      let quad = QD[i]! + QD[j]! - 2 * Qi[j]!;
      if (quad <= 0) quad = TAU;
      const delta = (G[i]! - G[j]!) / quad;
      const sum = ai + aj;
      ai -= delta;
      aj += delta;
      if (sum > Ci) {
        if (ai > Ci) {
          ai = Ci;
          aj = sum - Ci;
        }
      } else if (aj < 0) {
        aj = 0;
        ai = sum;
      }
      if (sum > Cj) {
        if (aj > Cj) {
          aj = Cj;
          ai = sum - Cj;
        }
      } else if (ai < 0) {
        ai = 0;
        aj = sum;
      }
    }
    alpha[i] = ai;
    alpha[j] = aj;
    const dai = ai - oldAi;
    const daj = aj - oldAj;
    // G update, fused with the next selection's I_up scan (positions other than i and j, whose status changes now)
    const lo = Math.min(i, j);
    const hi = Math.max(i, j);
    up[1] = loops.updateGradient(pG, ws.column(Qi, activeSize, 0), ws.column(Qj, activeSize, 1), dai, daj, pFlags, pY, lo, hi, activeSize, pOut);
    up[0] = ws.out[0]!;
    const ui = status[i] === UPPER;
    const uj = status[j] === UPPER;
    updateStatus(i);
    updateStatus(j);
    // a scan in position order keeps the last maximum: compare i and j by (value, position)
    considerUp(lo, flags, y, G, up);
    considerUp(hi, flags, y, G, up);
    // Ḡ −= C·Q_i (leaving the bound) or += (reaching it); adding −C·q is the same double as subtracting C·q
    if (ui !== (status[i] === UPPER)) loops.addScaled(pGbar, ws.column(Q.getQ(i, l), l, 0), ui ? -Ci : Ci, l);
    if (uj !== (status[j] === UPPER)) loops.addScaled(pGbar, ws.column(Q.getQ(j, l), l, 0), uj ? -Cj : Cj, l);
  }
  // On max_iter scikit-learn's fork stops without reconstructing the gradient: rho over the active set as is.
  const rho = calculateRho(activeSize, y, G, status);
  const coef = new Float64Array(l);
  for (let i = 0; i < l; i++) coef[active[i]!] = alpha[i]!;
  for (let i = 0; i < l; i++) coef[i] = coef[i]! * yOrig[i]!;
  return { coef, rho, iterations: iter, timedOut };
}

/** Position t joins the I_up maximum in up[0], up[1] as a position-order scan would take it (ties to the later position). */
function considerUp(t: number, flags: Uint8Array, y: Int8Array, G: Float64Array, up: Float64Array): void {
  if ((flags[t]! & 1) === 0) return;
  const v = -y[t]! * G[t]!;
  if (v > up[0]! || (v === up[0]! && t > up[1]!)) {
    up[0] = v;
    up[1] = t;
  }
}

/**
 * libsvm's WSS2 (second-order working-set selection): i maximises −yt·Gt over I_up,
 * j minimises the objective decrease −(Gmax + yt·Gt)² / quad over I_low; writes (i, j)
 * to `pick` and returns true when optimal (no violating pair above eps). libsvm's two
 * sign branches are folded with yt·Gt: multiplying by ±1 is exact, so every
 * comparison and quadratic coefficient is the same double as libsvm's. The scans run
 * in WebAssembly (wasm/smo-loops.ts).
 */
function selectWorkingSet(
  ws: SmoWorkspace,
  Q: QColumns,
  QD: Float64Array,
  y: Int8Array,
  G: Float64Array,
  flags: Uint8Array,
  activeSize: number,
  eps: number,
  pick: Int32Array,
  up: Float64Array,
): boolean {
  const { loops } = ws;
  let gmax: number;
  let i: number;
  if (up[1]! !== -2) {
    // found by the previous iteration's G update (updateGradient), same value and position as this scan
    gmax = up[0]!;
    i = up[1]!;
  } else {
    i = loops.scanUp(G.byteOffset, flags.byteOffset, y.byteOffset, activeSize, ws.out.byteOffset);
    gmax = ws.out[0]!;
  }
  let j: number;
  if (i !== -1) {
    const Qi = ws.column(Q.getQ(i, activeSize), activeSize, 0);
    j = loops.selectLow(Qi, QD.byteOffset, G.byteOffset, flags.byteOffset, y.byteOffset, activeSize, gmax, QD[i]!, 2.0 * y[i]!, TAU, 0, ws.out.byteOffset);
  } else {
    // no i: gmax = −∞, so only Gmax2 matters (libsvm never reads Q_i then)
    j = loops.selectLow(0, QD.byteOffset, G.byteOffset, flags.byteOffset, y.byteOffset, activeSize, gmax, 0, 0, TAU, 1, ws.out.byteOffset);
  }
  const gmax2 = ws.out[0]!;
  if (gmax + gmax2 < eps || j === -1) return true;
  pick[0] = i;
  pick[1] = j;
  return false;
}

/** libsvm's rho: the mean of yG over free variables, else the middle of the feasible interval. */
function calculateRho(activeSize: number, y: Int8Array, G: Float64Array, status: Uint8Array): number {
  let nFree = 0;
  let ub = Infinity;
  let lb = -Infinity;
  let sumFree = 0;
  for (let i = 0; i < activeSize; i++) {
    const yG = y[i]! * G[i]!;
    if (status[i] === UPPER) {
      if (y[i] === -1)
        ub = Math.min(ub, yG); // C's min/max templates (signed zeros as libsvm)
      else lb = Math.max(lb, yG);
    } else if (status[i] === LOWER) {
      if (y[i] === 1) ub = Math.min(ub, yG);
      else lb = Math.max(lb, yG);
    } else {
      ++nFree;
      sumFree += yG;
    }
  }
  return nFree > 0 ? sumFree / nFree : (ub + lb) / 2;
}
