/**
 * numpy 1.24's default `np.argsort` (kind='quicksort', an introsort) for numeric keys.
 * scikit-learn's GroupKFold orders groups with it, and the order of equal-sized groups
 * (which this unstable sort decides) changes the folds, so matching scikit-learn's folds
 * index by index needs the same tie order. Hand-written: no JS library reproduces numpy's
 * unstable tie order (Array.prototype.sort is stable).
 */
export function numpyArgsort(values: ArrayLike<number>): Int32Array {
  const n = values.length;
  const idx = new Int32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  if (n < 2) return idx;
  const v = values;
  const less = (a: number, b: number): boolean => v[a]! < v[b]!;
  const swap = (i: number, j: number): void => {
    const t = idx[i]!;
    idx[i] = idx[j]!;
    idx[j] = t;
  };
  const SMALL = 15;
  const stack: number[] = [];
  const depths: number[] = [];
  let pl = 0;
  let pr = n - 1;
  let cdepth = Math.floor(Math.log2(n)) * 2;
  for (;;) {
    if (cdepth < 0) {
      heapArgsort(v, idx, pl, pr - pl + 1);
    } else {
      while (pr - pl > SMALL) {
        const pm = pl + ((pr - pl) >> 1);
        if (less(idx[pm]!, idx[pl]!)) swap(pm, pl);
        if (less(idx[pr]!, idx[pm]!)) swap(pr, pm);
        if (less(idx[pm]!, idx[pl]!)) swap(pm, pl);
        const vp = v[idx[pm]!]!;
        let pi = pl;
        let pj = pr - 1;
        swap(pm, pj);
        for (;;) {
          do ++pi;
          while (v[idx[pi]!]! < vp);
          do --pj;
          while (vp < v[idx[pj]!]!);
          if (pi >= pj) break;
          swap(pi, pj);
        }
        swap(pi, pr - 1);
        if (pi - pl < pr - pi) {
          stack.push(pi + 1, pr);
          pr = pi - 1;
        } else {
          stack.push(pl, pi - 1);
          pl = pi + 1;
        }
        depths.push(--cdepth);
      }
      for (let pi = pl + 1; pi <= pr; pi++) {
        const vi = idx[pi]!;
        const vp = v[vi]!;
        let pj = pi;
        while (pj > pl && vp < v[idx[pj - 1]!]!) {
          idx[pj] = idx[pj - 1]!;
          pj--;
        }
        idx[pj] = vi;
      }
    }
    if (stack.length === 0) break;
    pr = stack.pop()!;
    pl = stack.pop()!;
    cdepth = depths.pop()!;
  }
  return idx;
}

/** numpy's `aheapsort` on idx[start .. start+len), the introsort fallback. */
function heapArgsort(v: ArrayLike<number>, idx: Int32Array, start: number, len: number): void {
  // 1-based heap indexing: a[k] is idx[start + k - 1].
  const get = (k: number): number => idx[start + k - 1]!;
  const set = (k: number, x: number): void => {
    idx[start + k - 1] = x;
  };
  let n = len;
  for (let l = n >> 1; l > 0; --l) {
    const tmp = get(l);
    let i = l;
    for (let j = l << 1; j <= n; ) {
      if (j < n && v[get(j)]! < v[get(j + 1)]!) j += 1;
      if (v[tmp]! < v[get(j)]!) {
        set(i, get(j));
        i = j;
        j += j;
      } else break;
    }
    set(i, tmp);
  }
  while (n > 1) {
    const tmp = get(n);
    set(n, get(1));
    n -= 1;
    let i = 1;
    for (let j = 2; j <= n; ) {
      if (j < n && v[get(j)]! < v[get(j + 1)]!) j++;
      if (v[tmp]! < v[get(j)]!) {
        set(i, get(j));
        i = j;
        j += j;
      } else break;
    }
    set(i, tmp);
  }
}
