// Parses scikit-learn-format verbose END lines (level ≥ 3) back into scores, and checks them against cvResults.
import assert from 'node:assert/strict';
import { pyFixed, pyStr } from '../../../src/search/verbose.js';
import type { CvResults } from '../../../src/search/types.js';

const END = /^\[CV (\d+)\/(\d+)\] END \.*(.*);(.*) total time= *[\d.]+(s|min)$/;

/** Parses level-3 END lines: candidate params text, split, metric → test (and train) score. */
export function parseLines(text: string): { params: string; split: number; test: Record<string, number>; train: Record<string, number> }[] {
  return text
    .trim()
    .split('\n')
    .filter((l) => l.startsWith('[CV'))
    .map((l) => {
      const m = END.exec(l);
      assert.ok(m, l);
      const test: Record<string, number> = {};
      const train: Record<string, number> = {};
      const scores = m[4]!;
      const single = /^, score=(?:\(train=([-\d.na]+), test=([-\d.na]+)\)|([-\d.na]+))$/.exec(scores);
      if (single) {
        test.score = Number(single[2] ?? single[3]);
        if (single[1] !== undefined) train.score = Number(single[1]);
      } else {
        for (const x of scores.matchAll(/ (\w+): \((?:train=([-\d.na]+), )?test=([-\d.na]+)\)/g)) {
          test[x[1]!] = Number(x[3]);
          if (x[2] !== undefined) train[x[1]!] = Number(x[2]);
        }
      }
      return { params: m[3]!, split: Number(m[1]) - 1, test, train };
    });
}

/** Every parsed score equals its cvResults split score rounded as scikit-learn prints it (.3f). */
export function checkAgainst(cv: CvResults, lines: ReturnType<typeof parseLines>, metrics: string[], train: boolean): void {
  const byParams = new Map(
    cv.params.map((p, i) => [
      Object.keys(p)
        .sort()
        .map((k) => `${k}=${pyStr(p[k]!)}`)
        .join(', '),
      i,
    ]),
  );
  for (const l of lines) {
    const c = byParams.get(l.params);
    assert.ok(c !== undefined, `candidate ${l.params}`);
    for (const m of metrics) {
      const exact: number = (cv[`split${l.split}_test_${m}`] as number[])[c]!;
      assert.equal(l.test[m], Number(pyFixed(exact, 3)), `${l.params} split ${l.split} ${m}`);
      if (train) assert.equal(l.train[m], Number(pyFixed((cv[`split${l.split}_train_${m}`] as number[])[c]!, 3)));
    }
  }
}
