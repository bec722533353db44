/**
 * Python's `math.log(x, base)` bit for bit: `log(x) / log(base)` with a correctly rounded
 * natural log, as glibc's `log` returns (CPython calls it). V8's `Math.log` is off by one
 * unit in the last place for some inputs — `Math.log(3)` is 1.0986122886681096 where glibc
 * gives 1.0986122886681098 — which flips `floor(log(243, 3))` from scikit-learn's 4 to 5,
 * changing the number of halving iterations. Hand-written: no npm library offers a
 * correctly rounded natural log (decimal.js and big.js work in decimal, not to the nearest
 * double); this one checks `Math.log`'s answer and its two neighbours against a 160-bit
 * fixed-point logarithm (BigInt) and keeps the nearest.
 */

const PREC = 160n;

/** atanh(p / q) · 2^PREC for 0 ≤ p/q ≤ 1/3, by its odd power series. */
function atanhFixed(p: bigint, q: bigint): bigint {
  const t = (p << PREC) / q;
  const t2 = (t * t) >> PREC;
  let term = t;
  let sum = 0n;
  for (let k = 1n; term !== 0n; k += 2n) {
    sum += term / k;
    term = (term * t2) >> PREC;
  }
  return sum;
}

const LN2 = 2n * atanhFixed(1n, 3n);

/** A finite positive double as (integer mantissa, power of two): x = m · 2^e exactly. */
function decompose(x: number): { m: bigint; e: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  let m = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let e: number;
  if (biased === 0) e = -1074;
  else {
    m |= 1n << 52n;
    e = biased - 1075;
  }
  return { m, e };
}

/** x · 2^PREC as an exact BigInt (x a finite double with no bits below 2^-PREC). */
function toFixed(x: number): bigint {
  if (x === 0) return 0n;
  const neg = x < 0;
  const { m, e } = decompose(Math.abs(x));
  const shift = BigInt(e) + PREC;
  const v = shift >= 0n ? m << shift : m >> -shift;
  return neg ? -v : v;
}

/** ln(x) · 2^PREC for a finite x > 0. */
function lnFixed(x: number): bigint {
  let { m, e } = decompose(x);
  // normalise m to [2^52, 2^53) so that m / 2^52 lies in [1, 2)
  while (m < 1n << 52n) {
    m <<= 1n;
    e -= 1;
  }
  const base = 1n << 52n;
  // ln(m / 2^52) = 2 atanh((m - 2^52) / (m + 2^52)), the ratio at most 1/3
  const lnM = 2n * atanhFixed(m - base, m + base);
  return lnM + BigInt(e + 52) * LN2;
}

/** The double next to `x` towards +∞ (dir 1) or −∞ (dir −1). */
function nextDouble(x: number, dir: 1 | -1): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const up = x > 0 || (x === 0 && dir > 0);
  const next = x === 0 ? 1n : dir > 0 === up ? bits + 1n : bits - 1n;
  view.setBigUint64(0, x === 0 && dir < 0 ? (1n << 63n) | 1n : next);
  return view.getFloat64(0);
}

/** ln(x) rounded to the nearest double (ties cannot occur for x ≠ 1), as glibc's `log`. */
export function correctlyRoundedLog(x: number): number {
  if (!(x > 0) || !Number.isFinite(x)) return Math.log(x);
  if (x === 1) return 0;
  const exact = lnFixed(x);
  const guess = Math.log(x);
  let best = guess;
  let bestErr = toFixed(guess) - exact;
  if (bestErr < 0n) bestErr = -bestErr;
  for (const c of [nextDouble(guess, -1), nextDouble(guess, 1)]) {
    let err = toFixed(c) - exact;
    if (err < 0n) err = -err;
    if (err < bestErr) {
      best = c;
      bestErr = err;
    }
  }
  return best;
}

/** Python's `math.log(x, base)` (x, base > 0, base ≠ 1). */
export function pythonLog(x: number, base: number): number {
  return correctlyRoundedLog(x) / correctlyRoundedLog(base);
}

/** Python's float floor division `a // b` (CPython's `float_floor_div`); exact for integers. */
export function pythonFloorDiv(a: number, b: number): number {
  if (Number.isInteger(a) && Number.isInteger(b) && Math.abs(a) <= Number.MAX_SAFE_INTEGER && Math.abs(b) <= Number.MAX_SAFE_INTEGER) {
    return Number(BigInt(a) / BigInt(b) - (a % b !== 0 && a < 0 !== b < 0 ? 1n : 0n));
  }
  let mod = a % b;
  let div = (a - mod) / b;
  if (mod !== 0) {
    if (b < 0 !== mod < 0) {
      mod += b;
      div -= 1;
    }
  }
  let floordiv = Math.floor(div);
  if (div - floordiv > 0.5) floordiv += 1;
  return floordiv;
}
