/** Swaps entries i and j of a typed array (the positions the solver and its Q matrices permute when shrinking). */
export function swapEntries(a: { [k: number]: number }, i: number, j: number): void {
  const t = a[i]!;
  a[i] = a[j]!;
  a[j] = t;
}
