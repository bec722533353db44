/**
 * Successive-halving schedules equal to scikit-learn 1.2.1's (HalvingGridSearchCV /
 * HalvingRandomSearchCV fitted attributes n_candidates_, n_resources_, n_iterations_,
 * n_possible_iterations_, n_required_iterations_, min_resources_, max_resources_,
 * n_remaining_candidates_), for both resource kinds, every minResources mode, aggressive
 * elimination on and off, and 1, 2, 12, 17, 30, 108, 120, 200 and 243 candidates.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { halvingSchedule, requiredIterations, topK, type MinResourcesOption, type MaxResourcesOption } from '../../src/search/halving-schedule.js';
import { lastIterationBest } from '../../src/search/halving-search.js';
import type { CvResults } from '../../src/search/types.js';
import { correctlyRoundedLog, pythonFloorDiv, pythonLog } from '../../src/search/halving-log.js';

interface Reference {
  name: string;
  nSamples: number;
  nClasses: number;
  nSplits: number;
  nCandidates0: number;
  minResources: number;
  maxResources: number;
  nIterations: number;
  nPossibleIterations: number;
  nRequiredIterations: number;
  nResources: number[];
  nCandidates: number[];
  nRemainingCandidates: number;
  options: {
    minResources?: MinResourcesOption;
    maxResources?: MaxResourcesOption;
    factor?: number;
    aggressiveElimination?: boolean;
    resource?: string;
    nCandidates?: number;
  };
  random: boolean;
}

// scikit-learn 1.2.1, printed by test/search/halving-sklearn-reference.py (nClasses 0: a regressor)
export const SKLEARN_SCHEDULES: Reference[] = [
  {
    name: '1 candidate, nSamples, exhaust',
    nSamples: 1797,
    nClasses: 10,
    nSplits: 5,
    nCandidates0: 1,
    minResources: 1797,
    maxResources: 1797,
    nIterations: 1,
    nPossibleIterations: 1,
    nRequiredIterations: 1,
    nResources: [1797],
    nCandidates: [1],
    nRemainingCandidates: 1,
    options: {},
    random: false,
  },
  {
    name: '2 candidates, nSamples, smallest',
    nSamples: 1797,
    nClasses: 10,
    nSplits: 5,
    nCandidates0: 2,
    minResources: 100,
    maxResources: 1797,
    nIterations: 1,
    nPossibleIterations: 3,
    nRequiredIterations: 1,
    nResources: [100],
    nCandidates: [2],
    nRemainingCandidates: 1,
    options: { minResources: 'smallest' },
    random: false,
  },
  {
    name: '30 candidates, nSamples, exhaust, cv 3',
    nSamples: 1797,
    nClasses: 10,
    nSplits: 3,
    nCandidates0: 30,
    minResources: 66,
    maxResources: 1797,
    nIterations: 4,
    nPossibleIterations: 4,
    nRequiredIterations: 4,
    nResources: [66, 198, 594, 1782],
    nCandidates: [30, 10, 4, 2],
    nRemainingCandidates: 1,
    options: {},
    random: false,
  },
  {
    name: '30 candidates, nSamples, smallest',
    nSamples: 600,
    nClasses: 3,
    nSplits: 5,
    nCandidates0: 30,
    minResources: 30,
    maxResources: 600,
    nIterations: 3,
    nPossibleIterations: 3,
    nRequiredIterations: 4,
    nResources: [30, 90, 270],
    nCandidates: [30, 10, 4],
    nRemainingCandidates: 2,
    options: { minResources: 'smallest' },
    random: false,
  },
  {
    name: '30 candidates, nSamples, smallest, aggressive',
    nSamples: 600,
    nClasses: 3,
    nSplits: 5,
    nCandidates0: 30,
    minResources: 30,
    maxResources: 600,
    nIterations: 4,
    nPossibleIterations: 3,
    nRequiredIterations: 4,
    nResources: [30, 30, 90, 270],
    nCandidates: [30, 10, 4, 2],
    nRemainingCandidates: 1,
    options: { minResources: 'smallest', aggressiveElimination: true },
    random: false,
  },
  {
    name: '120 candidates, nSamples, smallest',
    nSamples: 1797,
    nClasses: 10,
    nSplits: 5,
    nCandidates0: 120,
    minResources: 100,
    maxResources: 1797,
    nIterations: 3,
    nPossibleIterations: 3,
    nRequiredIterations: 5,
    nResources: [100, 300, 900],
    nCandidates: [120, 40, 14],
    nRemainingCandidates: 5,
    options: { minResources: 'smallest' },
    random: false,
  },
  {
    name: '120 candidates, nSamples, smallest, aggressive',
    nSamples: 1797,
    nClasses: 10,
    nSplits: 5,
    nCandidates0: 120,
    minResources: 100,
    maxResources: 1797,
    nIterations: 5,
    nPossibleIterations: 3,
    nRequiredIterations: 5,
    nResources: [100, 100, 100, 300, 900],
    nCandidates: [120, 40, 14, 5, 2],
    nRemainingCandidates: 1,
    options: { minResources: 'smallest', aggressiveElimination: true },
    random: false,
  },
  {
    name: '243 candidates, factor 3 (log off by one), exhaust',
    nSamples: 2000,
    nClasses: 2,
    nSplits: 3,
    nCandidates0: 243,
    minResources: 24,
    maxResources: 2000,
    nIterations: 5,
    nPossibleIterations: 5,
    nRequiredIterations: 5,
    nResources: [24, 72, 216, 648, 1944],
    nCandidates: [243, 81, 27, 9, 3],
    nRemainingCandidates: 1,
    options: {},
    random: false,
  },
  {
    name: '30 candidates, nSamples, int min 40, factor 2, max 900',
    nSamples: 1000,
    nClasses: 2,
    nSplits: 3,
    nCandidates0: 30,
    minResources: 40,
    maxResources: 900,
    nIterations: 5,
    nPossibleIterations: 5,
    nRequiredIterations: 5,
    nResources: [40, 80, 160, 320, 640],
    nCandidates: [30, 15, 8, 4, 2],
    nRemainingCandidates: 1,
    options: { minResources: 40, factor: 2, maxResources: 900 },
    random: false,
  },
  {
    name: 'regressor, 2 candidates, nSamples, smallest',
    nSamples: 500,
    nClasses: 0,
    nSplits: 4,
    nCandidates0: 2,
    minResources: 8,
    maxResources: 500,
    nIterations: 1,
    nPossibleIterations: 4,
    nRequiredIterations: 1,
    nResources: [8],
    nCandidates: [2],
    nRemainingCandidates: 1,
    options: { minResources: 'smallest' },
    random: false,
  },
  {
    name: 'param resource, 30 candidates, exhaust, max 81',
    nSamples: 300,
    nClasses: 3,
    nSplits: 3,
    nCandidates0: 30,
    minResources: 3,
    maxResources: 81,
    nIterations: 4,
    nPossibleIterations: 4,
    nRequiredIterations: 4,
    nResources: [3, 9, 27, 81],
    nCandidates: [30, 10, 4, 2],
    nRemainingCandidates: 1,
    options: { resource: 'nNeighbors', maxResources: 81 },
    random: false,
  },
  {
    name: 'param resource, 108 candidates, smallest, factor 2, aggressive',
    nSamples: 300,
    nClasses: 3,
    nSplits: 3,
    nCandidates0: 108,
    minResources: 1,
    maxResources: 100,
    nIterations: 7,
    nPossibleIterations: 7,
    nRequiredIterations: 7,
    nResources: [1, 2, 4, 8, 16, 32, 64],
    nCandidates: [108, 54, 27, 14, 7, 4, 2],
    nRemainingCandidates: 1,
    options: { resource: 'nNeighbors', maxResources: 100, minResources: 'smallest', factor: 2, aggressiveElimination: true },
    random: false,
  },
  {
    name: 'param resource, 108 candidates, smallest, factor 2',
    nSamples: 300,
    nClasses: 3,
    nSplits: 3,
    nCandidates0: 108,
    minResources: 1,
    maxResources: 100,
    nIterations: 7,
    nPossibleIterations: 7,
    nRequiredIterations: 7,
    nResources: [1, 2, 4, 8, 16, 32, 64],
    nCandidates: [108, 54, 27, 14, 7, 4, 2],
    nRemainingCandidates: 1,
    options: { resource: 'nNeighbors', maxResources: 100, minResources: 'smallest', factor: 2 },
    random: false,
  },
  {
    name: 'param resource, 30 candidates, int min 2, factor 2.5, max 50',
    nSamples: 300,
    nClasses: 3,
    nSplits: 3,
    nCandidates0: 30,
    minResources: 2,
    maxResources: 50,
    nIterations: 4,
    nPossibleIterations: 4,
    nRequiredIterations: 4,
    nResources: [2, 5, 12, 31],
    nCandidates: [30, 12, 5, 2],
    nRemainingCandidates: 1,
    options: { resource: 'nNeighbors', maxResources: 50, minResources: 2, factor: 2.5 },
    random: false,
  },
  {
    name: 'random, nCandidates exhaust, smallest',
    nSamples: 1797,
    nClasses: 10,
    nSplits: 5,
    nCandidates0: 17,
    minResources: 100,
    maxResources: 1797,
    nIterations: 3,
    nPossibleIterations: 3,
    nRequiredIterations: 3,
    nResources: [100, 300, 900],
    nCandidates: [17, 6, 2],
    nRemainingCandidates: 1,
    options: {},
    random: true,
  },
  {
    name: 'random, nCandidates 200, int min 20, factor 4, aggressive',
    nSamples: 1797,
    nClasses: 10,
    nSplits: 5,
    nCandidates0: 200,
    minResources: 20,
    maxResources: 1797,
    nIterations: 4,
    nPossibleIterations: 4,
    nRequiredIterations: 4,
    nResources: [20, 80, 320, 1280],
    nCandidates: [200, 50, 13, 4],
    nRemainingCandidates: 1,
    options: { nCandidates: 200, minResources: 20, factor: 4, aggressiveElimination: true },
    random: true,
  },
  {
    name: 'random, nCandidates 40 of a 12-point grid',
    nSamples: 1797,
    nClasses: 10,
    nSplits: 5,
    nCandidates0: 12,
    minResources: 100,
    maxResources: 1797,
    nIterations: 3,
    nPossibleIterations: 3,
    nRequiredIterations: 3,
    nResources: [100, 300, 900],
    nCandidates: [12, 4, 2],
    nRemainingCandidates: 1,
    options: { nCandidates: 40 },
    random: true,
  },
  {
    name: 'param resource, 108 candidates, smallest, factor 2, max 20, aggressive',
    nSamples: 300,
    nClasses: 3,
    nSplits: 3,
    nCandidates0: 108,
    minResources: 1,
    maxResources: 20,
    nIterations: 7,
    nPossibleIterations: 5,
    nRequiredIterations: 7,
    nResources: [1, 1, 1, 2, 4, 8, 16],
    nCandidates: [108, 54, 27, 14, 7, 4, 2],
    nRemainingCandidates: 1,
    options: { resource: 'nNeighbors', maxResources: 20, minResources: 'smallest', factor: 2, aggressiveElimination: true },
    random: false,
  },
  {
    name: 'param resource, 108 candidates, smallest, factor 2, max 20',
    nSamples: 300,
    nClasses: 3,
    nSplits: 3,
    nCandidates0: 108,
    minResources: 1,
    maxResources: 20,
    nIterations: 5,
    nPossibleIterations: 5,
    nRequiredIterations: 7,
    nResources: [1, 2, 4, 8, 16],
    nCandidates: [108, 54, 27, 14, 7],
    nRemainingCandidates: 4,
    options: { resource: 'nNeighbors', maxResources: 20, minResources: 'smallest', factor: 2 },
    random: false,
  },
];

describe('halvingSchedule equals scikit-learn 1.2.1', () => {
  for (const ref of SKLEARN_SCHEDULES) {
    it(ref.name, () => {
      const o = ref.options;
      const s = halvingSchedule({
        nCandidates: ref.nCandidates0,
        factor: o.factor ?? 3,
        samples: o.resource === undefined,
        minResources: o.minResources ?? (ref.random ? 'smallest' : 'exhaust'),
        maxResources: o.maxResources ?? 'auto',
        aggressiveElimination: o.aggressiveElimination ?? false,
        nSamples: ref.nSamples,
        nSplits: ref.nSplits,
        nClasses: ref.nClasses === 0 ? undefined : ref.nClasses,
      });
      assert.deepEqual(
        { ...s },
        {
          minResources: ref.minResources,
          maxResources: ref.maxResources,
          nIterations: ref.nIterations,
          nRequiredIterations: ref.nRequiredIterations,
          nPossibleIterations: ref.nPossibleIterations,
          nResources: ref.nResources,
          nCandidates: ref.nCandidates,
          nRemainingCandidates: ref.nRemainingCandidates,
        },
      );
    });
  }
});

describe("Python's floating-point log, as the schedule uses it", () => {
  it('floor(log(243, 3)) is 4, as in scikit-learn (the exact answer is 5)', () => {
    // CPython 3.11 / glibc: math.log(243, 3) = 4.999999999999999, math.log(59049, 3) = 9.999999999999998
    assert.equal(pythonLog(243, 3), 4.999999999999999);
    assert.equal(pythonLog(59049, 3), 9.999999999999998);
    assert.equal(requiredIterations(243, 3), 5);
    assert.equal(requiredIterations(242, 3), 5);
    assert.equal(requiredIterations(244, 3), 6);
    assert.equal(requiredIterations(81, 3), 5);
  });

  it('the natural log is correctly rounded where V8 Math.log is not', () => {
    // CPython 3.11 (glibc): log(3) = 1.0986122886681098, log(1797) = 7.493873886783559; V8 gives 1.0986122886681096 for log(3)
    assert.equal(correctlyRoundedLog(3), 1.0986122886681098);
    for (const [x, y] of [
      [2, 0.6931471805599453],
      [10, 2.302585092994046],
      [243, 5.493061443340548],
      [1797, 7.493873886783559],
      [0.5, -0.6931471805599453],
    ] as const) {
      assert.equal(correctlyRoundedLog(x), y, `log(${x})`);
    }
  });

  it("float floor division as Python's //", () => {
    assert.equal(pythonFloorDiv(1797, 100), 17);
    assert.equal(pythonFloorDiv(50, 6.25), 8);
    assert.equal(pythonFloorDiv(7, 2.5), 2);
    assert.equal(pythonFloorDiv(-7, 2), -4);
  });
});

describe("the cut keeps scikit-learn's candidates: _top_k with numpy 1.24's argsort", () => {
  // numpy 1.24.2: np.roll(np.argsort(s), np.count_nonzero(np.isnan(s)))[-k:] (scikit-learn 1.2.1's _top_k);
  // equal scores at the cut are decided by numpy's unstable introsort (insertion sort below 17 elements)
  const cases: { scores: (number | null)[]; k: number; top: number[] }[] = [
    { scores: [0.3333, null, 0.0, 0.3333, 0.3333, 0.0, 0.0, 0.3333, 0.0, 0.3333], k: 4, top: [3, 4, 7, 9] },
    {
      scores: [0.0, 0.3333, 0.6667, 0.6667, 0.0, 0.3333, 0.3333, 0.6667, 0.0, 0.6667, 0.3333, 0.3333, 0.3333, 0.3333, 0.6667, 0.3333, null, 0.0, null, 0.3333],
      k: 7,
      top: [5, 1, 7, 3, 14, 2, 9],
    },
    {
      scores: [
        0.0,
        0.5,
        0.5,
        0.5,
        0.0,
        null,
        0.0,
        0.0,
        0.5,
        0.5,
        0.0,
        0.5,
        0.5,
        0.0,
        0.5,
        0.0,
        0.0,
        0.5,
        0.5,
        0.5,
        0.0,
        0.5,
        0.5,
        0.0,
        0.5,
        0.5,
        0.5,
        0.5,
        0.0,
        0.0,
        0.0,
        0.0,
        0.0,
        0.5,
        null,
        0.5,
        0.5,
        0.5,
        null,
        0.5,
      ],
      k: 14,
      top: [19, 21, 18, 17, 14, 12, 11, 9, 8, 3, 2, 1, 22, 39],
    },
  ];
  for (const c of cases) {
    it(`${c.scores.length} scores, keep ${c.k}`, () => {
      assert.deepEqual(
        topK(
          c.scores.map((s) => (s === null ? NaN : s)),
          c.k,
        ),
        c.top,
      );
    });
  }
  it('NaN scores are cut first; every NaN still yields k rows', () => {
    // numpy: argsort([nan, .5, nan]) = [1, 0, 2], rolled by 2 → [0, 2, 1]; the last 2 are [2, 1]
    assert.deepEqual(topK([NaN, 0.5, NaN], 2), [2, 1]);
    assert.equal(topK([NaN, NaN, NaN], 1).length, 1);
    assert.deepEqual(topK([0.1, NaN, 0.2], 2), [0, 2]);
  });
});

describe("the best candidate is the last iteration's (scikit-learn's _select_best_index)", () => {
  const cv = (iter: number[], scores: number[]): CvResults => ({ iter, mean_test_score: scores, params: iter.map(() => ({})) }) as unknown as CvResults;
  it('the highest mean test score of the last iteration, first of equals, NaN ignored', () => {
    assert.equal(lastIterationBest(cv([0, 0, 0, 1, 1, 1], [0.99, 0.5, 0.6, 0.7, NaN, 0.7])), 3);
    assert.equal(lastIterationBest(cv([0, 0, 1, 1], [0.9, 0.8, NaN, 0.1])), 3);
  });
  it('all NaN: the first row of the last iteration', () => {
    assert.equal(lastIterationBest(cv([0, 0, 1, 1], [0.9, 0.8, NaN, NaN])), 2);
  });
});
