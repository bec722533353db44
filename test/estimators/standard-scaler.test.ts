import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadAirline, loadDigits } from '../../src/data/bundled.js';
import { StandardScaler } from '../../src/estimators/standard-scaler.js';
import { estimatorFromJSON } from '../../src/estimators/registry.js';

test('StandardScaler mean_, scale_ and transform equal scikit-learn 1.2.1 on 1,000 airline rows (to 1e-9 relative)', async () => {
  const { X } = await loadAirline({ rows: 1000 });
  const s = new StandardScaler().fit(X);
  // scikit-learn 1.2.1: StandardScaler().fit(X[:1000]) — mean_, scale_, transform(X)[0]
  const mean = [
    3.479, 15.377, 2.868, 13.756522000000027, 745.492, 36.77807779999998, -95.40896140000035, 37.12191719999997, -94.74857940000044, 120258.983, 115085.736,
  ];
  const scale = [
    1.7255604886528877, 8.949015085471702, 2.01558329026612, 4.990997191695862, 607.3632207633258, 5.973716847034778, 18.945398625722532, 5.866766517554979,
    18.50069487934375, 93192.87754082237, 91386.10032313621,
  ];
  const z0 = [
    0.8814527279698063, -1.6065455094986232, -0.92677886794416, -0.4186582199398194, 0.10620992150121844, 0.36265900367798404, 0.9476264793724108,
    -1.5590218517528138, 0.6602659780978856, -0.7259458532157156, -0.4920522469062593,
  ];
  const close = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));
  mean.forEach((m, j) => assert.ok(close(s.mean![j]!, m), `mean ${j}`));
  scale.forEach((m, j) => assert.ok(close(s.scale![j]!, m), `scale ${j}`));
  const Z = s.transform(X);
  z0.forEach((v, j) => assert.ok(close(Z.data[j]!, v), `Z[0][${j}] ${Z.data[j]} vs ${v}`));
});

test('StandardScaler: constant digits columns keep scale 1; withMean / withStd switch centring and scaling', async () => {
  const { X } = await loadDigits();
  const s = new StandardScaler().fit(X);
  assert.equal(s.scale![0], 1); // column 0 of digits is all zeros (scikit-learn keeps scale_ 1)
  const Z = s.transform(X);
  assert.ok(Z.data.every(Number.isFinite));
  const noMean = new StandardScaler({ withMean: false }).fit(X).transform(X);
  assert.equal(noMean.data[5], X.data[5]! / s.scale![5]!);
  const noStd = new StandardScaler({ withStd: false }).fit(X).transform(X);
  assert.equal(noStd.data[5], X.data[5]! - s.mean![5]!);
  assert.throws(() => new StandardScaler({ withMean: 'yes' as unknown as boolean }).fit(X), /'withMean' must be true or false/);
  assert.throws(() => s.transform({ data: new Float64Array(2), rows: 1, cols: 2 }), /2 features but the estimator was fitted on 64/);
  assert.throws(() => s.predict(X), /transformer/);
});

test('StandardScaler JSON round trip and clone', async () => {
  const { X } = await loadAirline({ rows: 200 });
  const s = new StandardScaler().fit(X);
  const back = estimatorFromJSON(JSON.parse(JSON.stringify(s.toJSON()))) as StandardScaler;
  assert.deepEqual(Array.from(back.transform(X).data), Array.from(s.transform(X).data));
  assert.equal(s.clone().mean, undefined);
  assert.equal(s.kind, 'transformer');
});
