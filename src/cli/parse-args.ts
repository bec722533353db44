/** Argument parsers for commander options: integers, lists. Bad values are commander usage errors (exit 2). */
import { InvalidArgumentError } from 'commander';

/** A commander argParser for an integer ≥ `min`. */
export function intArg(min: number): (value: string) => number {
  return (value: string) => {
    const n = Number(value);
    if (!/^-?\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min) {
      throw new InvalidArgumentError(`expected an integer ≥ ${min}, got '${value}'.`);
    }
    return n;
  };
}

/** A comma-separated list, trimmed, empty items dropped. */
export function listArg(value: string): string[] {
  const items = value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (items.length === 0) throw new InvalidArgumentError(`expected a comma-separated list, got '${value}'.`);
  return items;
}

/** A commander argParser for a number of seconds > 0 (e.g. `--fit-timeout 30`, `0.5`). */
export function secondsArg(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0) {
    throw new InvalidArgumentError(`expected a number of seconds > 0, got '${value}'.`);
  }
  return n;
}
