/** Helpers for the splitter parity tests (not a test file). */
import assert from 'node:assert/strict';
import type { Fold } from '../../src/split/index.js';

/** Expands run-length fold strings ('0*3 1*2' → '00011'): the fold of every row, one char per row. */
export function expandRle(rle: string): string {
  return rle
    .split(' ')
    .map((run) => {
      const [ch, count] = run.split('*');
      return ch!.repeat(Number(count));
    })
    .join('');
}

/** The test indices of fold f of a per-row fold string. */
export function testIndicesOf(foldString: string, f: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < foldString.length; i++) if (foldString[i] === String(f)) out.push(i);
  return out;
}

/** Asserts the folds' test indices equal the reference fold string, index by index, and train is the complement. */
export function assertFoldsMatch(folds: Fold[], foldString: string): void {
  const nFolds = new Set(foldString.replaceAll('-', '')).size;
  assert.equal(folds.length, nFolds);
  folds.forEach((fold, f) => {
    assert.deepEqual(Array.from(fold.test), testIndicesOf(foldString, f), `fold ${f} test indices`);
    assertComplement(fold, foldString.length);
  });
}

/** Asserts train and test are ascending, disjoint, and together cover 0..n-1. */
export function assertComplement(fold: Fold, n: number): void {
  assert.equal(fold.train.length + fold.test.length, n);
  const seen = new Uint8Array(n);
  for (const part of [fold.train, fold.test]) {
    for (let k = 0; k < part.length; k++) {
      if (k > 0) assert.ok(part[k]! > part[k - 1]!, 'indices ascending');
      assert.equal(seen[part[k]!], 0, `row ${part[k]} appears twice`);
      seen[part[k]!] = 1;
    }
  }
}
