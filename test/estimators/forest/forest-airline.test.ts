import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { loadAirline } from '../../../src/data/bundled.js';
import { makeDataSet, type DataSet } from '../../../src/data/dataset.js';
import { takeLabels, takeRows } from '../../../src/data/matrix.js';
import { RandomForestClassifier, RandomForestRegressor } from '../../../src/estimators/forest/index.js';
import { KFold } from '../../../src/split/kfold.js';
import { StratifiedKFold } from '../../../src/split/stratified-kfold.js';
import type { Fold } from '../../../src/split/splitter.js';
import { accuracy, balancedAccuracy, cvMean, r2, range } from './helpers.js';

// The first 50,000 airline rows, unshuffled StratifiedKFold(3) (KFold(3) for regression), scores averaged over
// random_state 0..4 — scikit-learn 1.2.1:
//   RandomForestClassifier(n_estimators=10, max_depth=8)                          accuracy 0.7967, balanced 0.5045
//   RandomForestClassifier(n_estimators=10, max_depth=8, class_weight='balanced') accuracy 0.6284, balanced 0.6062
//   RandomForestRegressor(n_estimators=20, max_depth=8) on delay_min              R² 0.0927
const SK_ACC = 0.7967;
const SK_BALANCED_ACC = 0.6284;
const SK_BALANCED_BAL = 0.6062;
const SK_R2 = 0.0927;

describe('forest quality on the first 50,000 airline rows (scikit-learn 1.2.1 figures)', () => {
  let cls: DataSet;
  let reg: DataSet;
  let sFolds: Fold[];
  let kFolds: Fold[];
  before(async () => {
    const a = await loadAirline({ rows: 50_000 });
    cls = makeDataSet(a.X, a.y);
    sFolds = [...new StratifiedKFold({ nSplits: 3 }).split(a.X, a.y)];
    const r = await loadAirline({ rows: 50_000, target: 'delay_min' });
    reg = makeDataSet(r.X, r.y);
    kFolds = [...new KFold({ nSplits: 3 }).split(r.X, r.y)];
  });

  it('RandomForestClassifier nEstimators=10 maxDepth=8: accuracy within 0.01 of scikit-learn', () => {
    const got = cvMean((s) => new RandomForestClassifier({ nEstimators: 10, maxDepth: 8, randomState: s }), cls, sFolds, range(3));
    assert.ok(Math.abs(got - SK_ACC) <= 0.01, `accuracy ${got.toFixed(4)} vs scikit-learn ${SK_ACC}`);
  });

  it("classWeight 'balanced' trades accuracy for minority recall, as scikit-learn's does", () => {
    const make = (s: number) => new RandomForestClassifier({ nEstimators: 10, maxDepth: 8, randomState: s, classWeight: 'balanced' });
    const acc = cvMean(make, cls, sFolds, range(3));
    const bal = cvMean(make, cls, sFolds, range(3), balancedAccuracy);
    assert.ok(Math.abs(acc - SK_BALANCED_ACC) <= 0.03, `accuracy ${acc.toFixed(4)} vs scikit-learn ${SK_BALANCED_ACC}`);
    assert.ok(Math.abs(bal - SK_BALANCED_BAL) <= 0.02, `balanced accuracy ${bal.toFixed(4)} vs scikit-learn ${SK_BALANCED_BAL}`);
    // Unweighted, the forest almost always predicts the majority class.
    const plain = new RandomForestClassifier({ nEstimators: 10, maxDepth: 8, randomState: 0 }).fitIndexed(cls, sFolds[0]!.train);
    const weighted = make(0).fitIndexed(cls, sFolds[0]!.train);
    const Xt = takeRows(cls.X, sFolds[0]!.test);
    const share = (p: ArrayLike<number>) => Array.from(p).filter((v) => v === 1).length / p.length;
    assert.ok(
      share(plain.predict(Xt)) < 0.05 && share(weighted.predict(Xt)) > 0.3,
      `share predicted delayed: plain ${share(plain.predict(Xt))}, balanced ${share(weighted.predict(Xt))}`,
    );
    const sub = new RandomForestClassifier({ nEstimators: 10, maxDepth: 8, randomState: 0, classWeight: 'balanced_subsample' }).fitIndexed(
      cls,
      sFolds[0]!.train,
    );
    assert.ok(balancedAccuracy(sub.predict(Xt), takeLabels(cls.y, sFolds[0]!.test)) > 0.58);
    const map = new RandomForestClassifier({ nEstimators: 10, maxDepth: 8, randomState: 0, classWeight: { 0: 1, 1: 4 } }).fitIndexed(cls, sFolds[0]!.train);
    assert.ok(share(map.predict(Xt)) > 0.3);
    assert.ok(accuracy(plain.predict(Xt), takeLabels(cls.y, sFolds[0]!.test)) > accuracy(weighted.predict(Xt), takeLabels(cls.y, sFolds[0]!.test)));
  });

  it('RandomForestRegressor nEstimators=20 maxDepth=8 on delay_min: R² within 0.02 of scikit-learn', () => {
    const got = cvMean((s) => new RandomForestRegressor({ nEstimators: 20, maxDepth: 8, randomState: s }), reg, kFolds, range(2), r2);
    assert.ok(Math.abs(got - SK_R2) <= 0.02, `R² ${got.toFixed(4)} vs scikit-learn ${SK_R2}`);
  });
});
