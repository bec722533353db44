/**
 * "Did you mean …?" for parameter and option names: scikit-learn's snake_case spelling of a
 * camelCase name (`class_weight` → `classWeight`, `svc__max_depth` → `svc__maxDepth`), a case
 * slip, or a typo one or two edits away. Hand-written: a dozen lines, where an npm fuzzy matcher
 * would rank by its own scores rather than these three rules.
 */

/** scikit-learn's snake_case name in hyperfold's camelCase, per `__` segment (`svc__class_weight` → `svc__classWeight`). */
export function camelCaseName(name: string): string {
  return name
    .split('__')
    .map((part) => part.replace(/_+([a-zA-Z0-9])/g, (_, c: string) => c.toUpperCase()))
    .join('__');
}

function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!;
      prev[j] = Math.min(up + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length]!;
}

/** The valid name `name` most likely meant, or undefined: its camelCase form, a case slip, or the nearest within two edits (and under half its length). */
export function suggestName(name: string, valid: Iterable<string>): string | undefined {
  const names = [...valid];
  const camel = camelCaseName(name);
  if (camel !== name && names.includes(camel)) return camel;
  const folded = name.replace(/_/g, '').toLowerCase();
  const sameLetters = names.find((v) => v.replace(/_/g, '').toLowerCase() === folded);
  if (sameLetters) return sameLetters;
  // a typo: the nearest name within two edits of the camelCase form, and under half its length (no 'C' for 'k')
  let best: string | undefined;
  let bestD = Math.min(3, Math.ceil(camel.length / 2));
  for (const v of names) {
    const d = editDistance(camel, v);
    if (d < bestD) [best, bestD] = [v, d];
  }
  return best;
}

/** ` (did you mean 'classWeight'?)` when a suggestion exists, else ''. */
export function didYouMean(name: string, valid: Iterable<string>): string {
  const s = suggestName(name, valid);
  return s === undefined ? '' : ` (did you mean '${s}'?)`;
}
