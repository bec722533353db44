/**
 * `linspace` / `logspace`: numpy's evenly spaced values, for grids and spaces
 * (`{ C: logspace(-2, 3, 6) }` as scikit-learn examples write `np.logspace(-2, 3, 6)`).
 * Hand-written: a few lines, and no npm package follows numpy's rounding (i · step + start, exact stop).
 */
import { ValidationError } from '../errors.js';

/** Options of `linspace` and `logspace` (numpy's keyword arguments). */
export interface SpaceOptions {
  /** Include `stop` as the last value (default true). */
  endpoint?: boolean;
}

function checkArgs(fn: string, start: number, stop: number, num: number): void {
  if (!Number.isFinite(start)) throw new ValidationError(`${fn}: start must be a finite number, got ${String(start)}`);
  if (!Number.isFinite(stop)) throw new ValidationError(`${fn}: stop must be a finite number, got ${String(stop)}`);
  if (!Number.isInteger(num) || num < 0) throw new ValidationError(`${fn}: num must be a non-negative integer, got ${String(num)}`);
}

/** numpy's `linspace(start, stop, num=50, endpoint=True)`: `num` evenly spaced values from start to stop. */
export function linspace(start: number, stop: number, num = 50, options: SpaceOptions = {}): number[] {
  checkArgs('linspace', start, stop, num);
  const endpoint = options.endpoint ?? true;
  const div = endpoint ? num - 1 : num;
  const step = div > 0 ? (stop - start) / div : NaN;
  const out = new Array<number>(num);
  for (let i = 0; i < num; i++) out[i] = div > 0 ? i * step + start : start;
  if (endpoint && num > 1) out[num - 1] = stop;
  return out;
}

/** Options of `logspace`: numpy's `base` (default 10) and `endpoint`. */
export interface LogspaceOptions extends SpaceOptions {
  base?: number;
}

/**
 * numpy's `logspace(start, stop, num=50, endpoint=True, base=10)`: base ** linspace(start, stop, num).
 * Equal to numpy's to one unit in the last place; powers of ten are exact decimals (0.1, 0.0001) where numpy's
 * vectorised power and V8's `**` can be one unit off (0.09999999999999999, 0.00009999999999999999).
 */
export function logspace(start: number, stop: number, num = 50, options: LogspaceOptions = {}): number[] {
  checkArgs('logspace', start, stop, num);
  const base = options.base ?? 10;
  if (!Number.isFinite(base) || base <= 0) throw new ValidationError(`logspace: base must be a finite number > 0, got ${String(base)}`);
  // base 10, integer exponent: the decimal literal's value (1e-4 is 0.0001; 10 ** -4 is 0.00009999999999999999 in V8)
  return linspace(start, stop, num, options).map((e) => (base === 10 && Number.isInteger(e) ? Number(`1e${e}`) : base ** e));
}
