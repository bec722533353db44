/**
 * Deterministic predictions, scores and probabilities on real data (digits, the first
 * 2,000 airline rows), from the same integer formulas as sklearn-reference.py — so the
 * scikit-learn 1.2.1 figures in the tests were computed on exactly these inputs.
 */
import { loadAirline, loadDigits } from '../../src/data/bundled.js';
import type { Matrix } from '../../src/data/matrix.js';

export interface DigitsFixture {
  n: number;
  y: Float64Array;
  pred: Float64Array;
  /** One column per class 0..9; integer weights normalised per row (many tied scores). */
  P: Matrix;
  yb: Float64Array;
  predb: Float64Array;
  scoreInt: Float64Array;
  scoreCont: Float64Array;
  /** Two columns: P(class 0), P(class 1). */
  Pb: Matrix;
}

export async function digitsFixture(): Promise<DigitsFixture> {
  const { X, y } = await loadDigits();
  const n = X.rows;
  const x = (i: number, j: number): number => X.data[i * 64 + j]!;
  const yy = Float64Array.from(y);
  const pred = new Float64Array(n);
  const P = new Float64Array(n * 10);
  const yb = new Float64Array(n);
  const predb = new Float64Array(n);
  const scoreInt = new Float64Array(n);
  const scoreCont = new Float64Array(n);
  const Pb = new Float64Array(n * 2);
  for (let i = 0; i < n; i++) {
    const yi = yy[i]!;
    pred[i] = (x(i, 20) + x(i, 43) + i) % 4 !== 0 ? yi : (yi + 1 + (x(i, 28) % 9)) % 10;
    const w = new Float64Array(10);
    let sum = 0;
    for (let c = 0; c < 10; c++) {
      w[c] = 1 + ((x(i, c * 6 + 3) + 3 * c + i) % 7) + (yi === c ? x(i, 36) % 11 : 0);
      sum += w[c]!;
    }
    for (let c = 0; c < 10; c++) P[i * 10 + c] = w[c]! / sum;
    const b = yi >= 5 ? 1 : 0;
    yb[i] = b;
    predb[i] = (x(i, 21) + x(i, 42) + i) % 5 !== 0 ? b : 1 - b;
    scoreInt[i] = x(i, 21) + x(i, 42) - x(i, 10) + 8 * b;
    scoreCont[i] = ((x(i, 21) * 37 + x(i, 42) * 11 + i * 7) % 101) / 101 + 0.3 * b;
    const w0 = 1 + ((x(i, 5) + i) % 9) + (b === 0 ? x(i, 36) % 5 : 0);
    const w1 = 1 + ((x(i, 6) + 2 * i) % 9) + (b === 1 ? x(i, 36) % 5 : 0);
    Pb[i * 2] = w0 / (w0 + w1);
    Pb[i * 2 + 1] = w1 / (w0 + w1);
  }
  return { n, y: yy, pred, P: { data: P, rows: n, cols: 10 }, yb, predb, scoreInt, scoreCont, Pb: { data: Pb, rows: n, cols: 2 } };
}

export interface AirlineFixture {
  delay: Float64Array;
  delayed: Float64Array;
  predReg: Float64Array;
  scoreAir: Float64Array;
}

export async function airlineFixture(): Promise<AirlineFixture> {
  const reg = await loadAirline({ rows: 2000, target: 'delay_min' });
  const cls = await loadAirline({ rows: 2000, target: 'delayed' });
  const n = reg.X.rows;
  const c = reg.X.cols;
  const predReg = new Float64Array(n);
  const scoreAir = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const month = reg.X.data[i * c]!;
    const dep = reg.X.data[i * c + 3]!;
    const dist = reg.X.data[i * c + 4]!;
    predReg[i] = 0.5 * dep - 3 + dist / 500 + (month - 3) * 2;
    scoreAir[i] = dep / 24 + (dist % 7) / 10;
  }
  return { delay: Float64Array.from(reg.y), delayed: Float64Array.from(cls.y), predReg, scoreAir };
}

/** Asserts |actual − expected| ≤ 1e-9 (the parity tolerance), with a message naming the value. */
export function close(actual: number, expected: number, what: string, tol = 1e-9): void {
  if (!(Math.abs(actual - expected) <= tol)) {
    throw new Error(`${what}: got ${actual}, scikit-learn 1.2.1 gives ${expected} (difference ${actual - expected})`);
  }
}
